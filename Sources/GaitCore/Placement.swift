/// Where a sensor is worn (conventions.md, "Placements").
///
/// The raw values are the exact strings of the session format and the report.
public enum Placement: String, CaseIterable, Codable, Sendable, Comparable {
    case pelvis
    case leftThigh = "left_thigh"
    case rightThigh = "right_thigh"
    case leftShank = "left_shank"
    case rightShank = "right_shank"
    case leftFoot = "left_foot"
    case rightFoot = "right_foot"
    case leftInsole = "left_insole"
    case rightInsole = "right_insole"

    /// The body segment the placement is strapped to (an insole lies under the foot).
    public var segment: Segment {
        switch self {
        case .pelvis: .pelvis
        case .leftThigh: .thigh(.left)
        case .rightThigh: .thigh(.right)
        case .leftShank: .shank(.left)
        case .rightShank: .shank(.right)
        case .leftFoot, .leftInsole: .foot(.left)
        case .rightFoot, .rightInsole: .foot(.right)
        }
    }

    /// The kind of sensor that may sit at this placement.
    public var sensorKind: SensorKind {
        switch self {
        case .leftInsole, .rightInsole: .insole
        default: .imu
        }
    }

    /// The seven IMU placements, pelvis first, then left before right, proximal to distal.
    public static let imuPlacements: [Placement] = allCases.filter { $0.sensorKind == .imu }

    public static func < (lhs: Placement, rhs: Placement) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Left or right, with the side sign of conventions.md.
public enum Side: String, CaseIterable, Codable, Sendable {
    case left, right

    /// s = +1 for a left-foot stance, −1 for a right-foot stance (conventions.md, "one sign rule").
    /// Multiplying a roll angle by it makes positive mean the harmful direction on both sides.
    public var sign: Double { self == .left ? 1 : -1 }

    public var opposite: Side { self == .left ? .right : .left }
}

/// A rigid body segment of the lower-limb model.
public enum Segment: Hashable, Sendable, CustomStringConvertible {
    case pelvis
    case thigh(Side)
    case shank(Side)
    case foot(Side)

    public var description: String {
        switch self {
        case .pelvis: "pelvis"
        case .thigh(let side): "\(side.rawValue) thigh"
        case .shank(let side): "\(side.rawValue) shank"
        case .foot(let side): "\(side.rawValue) foot"
        }
    }
}

/// The two kinds of sensor of the session format.
public enum SensorKind: String, Codable, Sendable {
    case imu
    case insole
}
