import Foundation

/// The one home of rotation math in gait.
///
/// Convention, stated once:
/// - Hamilton quaternion, components stored scalar first: (w, x, y, z).
/// - A quaternion `q_AB` is the orientation of frame B relative to frame A ("A ← B"): it maps a
///   vector's coordinates in B to its coordinates in A, `v_A = q_AB.rotate(v_B)` (= q ⊗ v ⊗ q*).
/// - Composition follows the frames: `q_AC = q_AB * q_BC`.
/// - The world frame is z up, x forward, y left (conventions.md); heading is free.
/// - Angular velocity of B is expressed in B (what a gyroscope strapped to B measures), and
///   `q̇_AB = ½ q_AB ⊗ (0, ω_B)`.
public struct Quaternion: Hashable, Sendable, CustomStringConvertible {
    public var w: Double
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable public init(w: Double, x: Double, y: Double, z: Double) {
        self.w = w; self.x = x; self.y = y; self.z = z
    }

    public static let identity = Quaternion(w: 1, x: 0, y: 0, z: 0)

    /// Rotation by `angleRad` about `axis` (right-handed; the axis need not be unit length).
    public init(axis: Vector3, angleRad: Double) {
        let unit = axis.normalized
        let half = angleRad / 2
        let s = sin(half)
        self.init(w: cos(half), x: unit.x * s, y: unit.y * s, z: unit.z * s)
    }

    /// Rotation by the rotation vector `r` (axis × angle in radians): the exponential map.
    public init(rotationVector r: Vector3) {
        let angleSquared = r.dot(r)
        if angleSquared < 0.05 * 0.05 {
            // The small angles of one gyroscope step: cos(θ/2) and sin(θ/2)/θ by their Taylor
            // series in θ², to the last term above 1e-17 for θ < 0.05 rad (a step at 1 kHz
            // stays below 0.035 rad even at 2000 °/s) — no square root and no trigonometry.
            let h2 = angleSquared / 4
            let cosine = 1 - h2 / 2 * (1 - h2 / 12 * (1 - h2 / 30))
            let sineOverAngle = 0.5 * (1 - h2 / 6 * (1 - h2 / 20 * (1 - h2 / 42)))
            self.init(w: cosine, x: r.x * sineOverAngle, y: r.y * sineOverAngle, z: r.z * sineOverAngle)
        } else {
            self.init(axis: r, angleRad: angleSquared.squareRoot())
        }
    }

    /// The smallest rotation that takes the direction `from` to the direction `to` (both unit
    /// vectors): the half-way quaternion [1 + from·to, from × to], normalised — exact, without
    /// trigonometry. Nil when they point in opposite directions (the axis is then undefined).
    public init?(rotating from: Vector3, onto to: Vector3) {
        let w = 1 + from.dot(to)
        guard w > 1e-12 else { return nil }
        let axis = from.cross(to)
        self = Quaternion(w: w, x: axis.x, y: axis.y, z: axis.z).normalized
    }

    @inlinable public var vector: Vector3 { Vector3(x, y, z) }

    @inlinable public var conjugate: Quaternion { Quaternion(w: w, x: -x, y: -y, z: -z) }

    @inlinable public var norm: Double { (w * w + x * x + y * y + z * z).squareRoot() }

    @inlinable public var normalized: Quaternion {
        let n = norm
        return Quaternion(w: w / n, x: x / n, y: y / n, z: z / n)
    }

    /// Hamilton product.
    @inlinable public static func * (a: Quaternion, b: Quaternion) -> Quaternion {
        Quaternion(
            w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
            x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w)
    }

    /// Coordinates in A of a vector given in B, for `self = q_AB`.
    @inlinable public func rotate(_ v: Vector3) -> Vector3 {
        // v + 2w(u×v) + 2u×(u×v), the expanded sandwich product, u the vector part.
        let u = vector
        let t = 2 * u.cross(v)
        return v + w * t + u.cross(t)
    }

    /// Coordinates in B of a vector given in A, for `self = q_AB`.
    @inlinable public func inverseRotate(_ v: Vector3) -> Vector3 { conjugate.rotate(v) }

    /// The rotation angle in radians, in [0, π].
    public var angleRad: Double {
        2 * atan2(vector.norm, abs(w))
    }

    /// The rotation vector (axis × angle, angle in [0, π]): the logarithmic map.
    public var rotationVector: Vector3 {
        let q = w < 0 ? Quaternion(w: -w, x: -x, y: -y, z: -z) : self
        let s = q.vector.norm
        if s < 1e-12 { return 2 * q.vector }
        return q.vector * (2 * atan2(s, q.w) / s)
    }

    /// The rotation matrix with the same meaning: `matrix * v_B == v_A`.
    public var matrix: Matrix3 {
        let q = normalized
        let (w, x, y, z) = (q.w, q.x, q.y, q.z)
        return Matrix3(rows:
            Vector3(1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)),
            Vector3(2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)),
            Vector3(2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)))
    }

    /// The quaternion of a proper rotation matrix (Shepperd's method, numerically stable).
    public init(matrix m: Matrix3) {
        let trace = m[0, 0] + m[1, 1] + m[2, 2]
        if trace > 0 {
            let s = (trace + 1).squareRoot() * 2
            self.init(w: s / 4, x: (m[2, 1] - m[1, 2]) / s, y: (m[0, 2] - m[2, 0]) / s, z: (m[1, 0] - m[0, 1]) / s)
        } else if m[0, 0] > m[1, 1] && m[0, 0] > m[2, 2] {
            let s = (1 + m[0, 0] - m[1, 1] - m[2, 2]).squareRoot() * 2
            self.init(w: (m[2, 1] - m[1, 2]) / s, x: s / 4, y: (m[0, 1] + m[1, 0]) / s, z: (m[0, 2] + m[2, 0]) / s)
        } else if m[1, 1] > m[2, 2] {
            let s = (1 + m[1, 1] - m[0, 0] - m[2, 2]).squareRoot() * 2
            self.init(w: (m[0, 2] - m[2, 0]) / s, x: (m[0, 1] + m[1, 0]) / s, y: s / 4, z: (m[1, 2] + m[2, 1]) / s)
        } else {
            let s = (1 + m[2, 2] - m[0, 0] - m[1, 1]).squareRoot() * 2
            self.init(w: (m[1, 0] - m[0, 1]) / s, x: (m[0, 2] + m[2, 0]) / s, y: (m[1, 2] + m[2, 1]) / s, z: s / 4)
        }
        self = normalized
    }

    /// Spherical linear interpolation from `a` (fraction 0) to `b` (fraction 1), the short way.
    public static func slerp(_ a: Quaternion, _ b: Quaternion, fraction: Double) -> Quaternion {
        var b = b
        if a.w * b.w + a.x * b.x + a.y * b.y + a.z * b.z < 0 { b = Quaternion(w: -b.w, x: -b.x, y: -b.y, z: -b.z) }
        let delta = a.conjugate * b
        return (a * Quaternion(rotationVector: delta.rotationVector * fraction)).normalized
    }

    /// The angle in radians of the rotation that takes `self` to `other`.
    public func angleRad(to other: Quaternion) -> Double { (conjugate * other).angleRad }

    public var description: String { "Quaternion(w: \(w), x: \(x), y: \(y), z: \(z))" }
}

/// Elementary rotations about the frame's own axes (right-handed, angle in radians).
extension Quaternion {
    public static func aboutX(_ angleRad: Double) -> Quaternion { Quaternion(axis: .unitX, angleRad: angleRad) }
    public static func aboutY(_ angleRad: Double) -> Quaternion { Quaternion(axis: .unitY, angleRad: angleRad) }
    public static func aboutZ(_ angleRad: Double) -> Quaternion { Quaternion(axis: .unitZ, angleRad: angleRad) }
}
