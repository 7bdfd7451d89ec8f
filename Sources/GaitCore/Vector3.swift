/// A 3-vector of Doubles. Which frame it is expressed in is part of the variable's name
/// (`accelerationWorldMps2`, `gyroSensorRadPerS`), never of its type.
public typealias Vector3 = SIMD3<Double>

extension SIMD3 where Scalar == Double {
    @inlinable public func dot(_ other: Vector3) -> Double { (self * other).sum() }

    @inlinable public func cross(_ other: Vector3) -> Vector3 {
        Vector3(y * other.z - z * other.y, z * other.x - x * other.z, x * other.y - y * other.x)
    }

    @inlinable public var norm: Double { dot(self).squareRoot() }

    /// The unit vector in this direction; the zero vector stays zero.
    @inlinable public var normalized: Vector3 {
        let n = norm
        return n > 0 ? self / n : self
    }

    public static let unitX = Vector3(1, 0, 0)
    public static let unitY = Vector3(0, 1, 0)
    public static let unitZ = Vector3(0, 0, 1)
}

/// Angle conversions. Angles are radians inside the program and degrees in reports (conventions.md).
public enum Angle {
    @inlinable public static func degrees(fromRadians radians: Double) -> Double { radians * 180 / .pi }
    @inlinable public static func radians(fromDegrees degrees: Double) -> Double { degrees * .pi / 180 }
}

/// Standard gravity in m/s². A sensor at rest reads +`standardGravityMps2` on its up axis.
public let standardGravityMps2 = 9.81
