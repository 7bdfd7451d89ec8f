import GaitCore

/// Segment lengths and joint sites of the lower-limb model, scaled from standing height.
///
/// Fractions of height from Winter's anthropometric table: thigh (hip–knee) 0.245 H, shank
/// (knee–ankle) 0.246 H, ankle height 0.039 H, foot length 0.152 H, foot width 0.055 H.
/// References: Winter DA (2009) Biomechanics and Motor Control of Human Movement, 4th ed.,
/// Wiley, ch. 4 (segment lengths as fractions of body height). doi:10.1002/9780470549148
public struct BodyDimensions: Sendable, Equatable {
    public let heightM: Double
    public let thighLengthM: Double
    public let shankLengthM: Double
    public let ankleHeightM: Double
    public let footLengthM: Double
    public let footWidthM: Double
    /// Half the distance between the hip joint centres, metres.
    public let hipHalfWidthM: Double

    public init(heightM: Double) {
        self.heightM = heightM
        thighLengthM = 0.245 * heightM
        shankLengthM = 0.246 * heightM
        ankleHeightM = 0.039 * heightM
        footLengthM = 0.152 * heightM
        footWidthM = 0.055 * heightM
        // Hip joint centres are about 0.095 H apart in adults (Bell et al. 1990's pelvis-width
        // regression gives a similar figure); the exact value only moves the legs sideways.
        hipHalfWidthM = 0.0475 * heightM
    }

    /// Hip joint centre in the pelvis frame (origin midway between the hip joint centres), metres.
    public func hipJointInPelvis(_ side: Side) -> Vector3 { Vector3(0, side.sign * hipHalfWidthM, 0) }

    /// Heel contact point of the sole in the foot frame (origin at the ankle joint centre), metres.
    public var heelInFoot: Vector3 { Vector3(-0.15 * footLengthM, 0, -ankleHeightM) }

    /// Ball of the foot (first metatarsal head) on the sole in the foot frame, metres.
    public var ballInFoot: Vector3 { Vector3(0.57 * footLengthM, 0, -ankleHeightM) }

    /// Where an IMU is nominally strapped, in its segment's frame, metres (conventions.md sites).
    public func nominalSensorSite(_ placement: Placement) -> Vector3 {
        switch placement {
        case .pelvis: Vector3(-0.11, 0, 0.05)                                         // sacrum, S1–S2
        case .leftThigh: Vector3(0, 0.08, -0.5 * thighLengthM)                         // lateral, mid-thigh
        case .rightThigh: Vector3(0, -0.08, -0.5 * thighLengthM)
        case .leftShank: Vector3(0.035, -0.025, -0.5 * shankLengthM)                   // antero-medial tibia
        case .rightShank: Vector3(0.035, 0.025, -0.5 * shankLengthM)
        case .leftFoot, .rightFoot: Vector3(0.06, 0, 0.02)                             // shoe upper (instep)
        case .leftInsole, .rightInsole: heelInFoot                                      // not an IMU site
        }
    }
}
