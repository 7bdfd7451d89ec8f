import GaitCore

/// The columns of a sensor file (session-csv.md, "Sensor files"): IMU `t,ax,ay,az,gx,gy,gz`
/// optionally followed by `mx,my,mz`; insole `t,p0,…,pN-1`.
///
/// Units (conventions.md): `t` s; `ax…az` m/s² (specific force); `gx…gz` rad/s; `mx…mz` µT;
/// `p…` kPa.
public struct SensorColumns: Equatable, Sendable {
    /// The whole header, `t` first.
    public let names: [String]

    /// Number of values per sample, i.e. the columns after `t`.
    public var valueCount: Int { names.count - 1 }

    private init(names: [String]) { self.names = names }

    static let imuNames = ["t", "ax", "ay", "az", "gx", "gy", "gz"]
    static let magnetometerNames = ["mx", "my", "mz"]

    /// Acceleration (3), angular velocity (3) and, with `magnetometer`, magnetic field (3).
    public static func imu(magnetometer: Bool) -> SensorColumns {
        SensorColumns(names: magnetometer ? imuNames + magnetometerNames : imuNames)
    }

    /// One pressure column per cell (a negative count is taken as 0).
    public static func insole(cellCount: Int) -> SensorColumns {
        SensorColumns(names: ["t"] + (0..<max(cellCount, 0)).map { "p\($0)" })
    }

    /// True for an IMU file with `mx,my,mz`.
    public var hasMagnetometer: Bool { names.count == 10 && names[7] == "mx" }

    /// The header line without its line end.
    public var headerLine: String { names.joined(separator: ",") }

    /// Whether a file with these columns is valid for `sensor`.
    func fits(_ sensor: SensorDescriptor) -> Bool {
        switch sensor.kind {
        case .imu: return self == .imu(magnetometer: false) || self == .imu(magnetometer: true)
        case .insole: return self == .insole(cellCount: sensor.cells?.count ?? 0) && !(sensor.cells ?? []).isEmpty
        }
    }

    /// Longest data line accepted, in bytes without the line end. Generous (a shortest-form
    /// Double is at most 24 characters), yet small enough that a file without line ends is
    /// rejected after reading a few hundred bytes instead of the whole file.
    var maxLineBytes: Int { 64 + 48 * names.count }
}
