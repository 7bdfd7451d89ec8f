import Foundation

/// The two intrinsic Cardan decompositions of conventions.md ("Angle decompositions").

/// Z-Y-X: R(world←segment) = Rz(yaw) · Ry(pitch) · Rx(roll), for the pelvis and the foot in the
/// world frame. `rollRad` is the obliquity of the pelvis and the eversion roll of the foot; it does
/// not depend on heading (yaw), which no measure may.
public struct CardanZYX: Equatable, Sendable {
    public var yawRad: Double
    public var pitchRad: Double
    public var rollRad: Double

    public init(yawRad: Double, pitchRad: Double, rollRad: Double) {
        self.yawRad = yawRad; self.pitchRad = pitchRad; self.rollRad = rollRad
    }

    /// Decomposes `q_world←segment`.
    public init(_ q: Quaternion) {
        let m = q.matrix
        // R = Rz Ry Rx: R[2,0] = −sin(pitch), R[2,1] = cos(pitch) sin(roll), R[2,2] = cos(pitch) cos(roll),
        // R[1,0] = sin(yaw) cos(pitch), R[0,0] = cos(yaw) cos(pitch).
        rollRad = atan2(m[2, 1], m[2, 2])
        pitchRad = asin(max(-1, min(1, -m[2, 0])))
        yawRad = atan2(m[1, 0], m[0, 0])
    }

    /// The rotation these angles describe.
    public var quaternion: Quaternion {
        .aboutZ(yawRad) * .aboutY(pitchRad) * .aboutX(rollRad)
    }
}

/// Y-X-Z: R(thigh←shank) = Ry(flexion) · Rx(abduction) · Rz(rotation), the joint coordinate
/// system of Grood and Suntay for the knee: flexion about the thigh's medio-lateral (y) axis,
/// rotation about the shank's long (z) axis, abduction about the floating axis between them.
///
/// The raw x-rotation is side-dependent: positive `xRotationRad` turns the shank's distal end to
/// the left (+y), which is abduction for a left knee and adduction for a right knee. Multiply by
/// `Side.sign` to get anatomical abduction.
///
/// References: Grood ES, Suntay WJ (1983) A joint coordinate system for the clinical description of
/// three-dimensional motions: application to the knee. J Biomech Eng 105(2):136–144.
/// doi:10.1115/1.3138397
public struct CardanYXZ: Equatable, Sendable {
    public var yRotationRad: Double
    public var xRotationRad: Double
    public var zRotationRad: Double

    public init(yRotationRad: Double, xRotationRad: Double, zRotationRad: Double) {
        self.yRotationRad = yRotationRad; self.xRotationRad = xRotationRad; self.zRotationRad = zRotationRad
    }

    /// Decomposes `q_thigh←shank`.
    public init(_ q: Quaternion) {
        let m = q.matrix
        // R = Ry(a) Rx(b) Rz(c): R[1,2] = −sin(b), R[0,2] = sin(a) cos(b), R[2,2] = cos(a) cos(b),
        // R[1,0] = cos(b) sin(c), R[1,1] = cos(b) cos(c).
        xRotationRad = asin(max(-1, min(1, -m[1, 2])))
        yRotationRad = atan2(m[0, 2], m[2, 2])
        zRotationRad = atan2(m[1, 0], m[1, 1])
    }

    public var quaternion: Quaternion {
        .aboutY(yRotationRad) * .aboutX(xRotationRad) * .aboutZ(zRotationRad)
    }
}
