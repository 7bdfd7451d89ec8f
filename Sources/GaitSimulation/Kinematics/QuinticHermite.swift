import GaitCore

/// The motion state of a point: position, velocity and acceleration, in metres and seconds.
public struct PointState: Sendable {
    public var positionM: Vector3
    public var velocityMps: Vector3
    public var accelerationMps2: Vector3

    public init(positionM: Vector3, velocityMps: Vector3, accelerationMps2: Vector3) {
        self.positionM = positionM
        self.velocityMps = velocityMps
        self.accelerationMps2 = accelerationMps2
    }
}


/// The unique quintic polynomial path that starts in one motion state and ends in another:
/// position, velocity and acceleration match at both ends, so joining pieces is C².
/// The swing foot travels along such pieces between toe-off, a mid-swing waypoint, the landing
/// approach and initial contact.
public struct QuinticHermiteSegment: Sendable {
    public let startS: Double
    public let durationS: Double
    // p(u) = Σ c_k u^k for u = (t − start) / duration, one coefficient vector per power.
    private let coefficients: (Vector3, Vector3, Vector3, Vector3, Vector3, Vector3)

    public init(from start: PointState, at startS: Double, to end: PointState, at endS: Double) {
        self.startS = startS
        durationS = endS - startS
        let T = durationS
        // In the normalised variable u, velocities scale by T and accelerations by T².
        let p0 = start.positionM, v0 = start.velocityMps * T, a0 = start.accelerationMps2 * (T * T)
        let p1 = end.positionM, v1 = end.velocityMps * T, a1 = end.accelerationMps2 * (T * T)
        let c3 = 10 * (p1 - p0) - 6 * v0 - 4 * v1 - 1.5 * a0 + 0.5 * a1
        let c4 = -15 * (p1 - p0) + 8 * v0 + 7 * v1 + 1.5 * a0 - a1
        let c5 = 6 * (p1 - p0) - 3 * (v0 + v1) - 0.5 * (a0 - a1)
        coefficients = (p0, v0, 0.5 * a0, c3, c4, c5)
    }

    /// Position at time `timeS`, metres (extrapolates the polynomial outside its span).
    public func position(at timeS: Double) -> Vector3 {
        let u = (timeS - startS) / durationS
        let c = coefficients
        return c.0 + u * (c.1 + u * (c.2 + u * (c.3 + u * (c.4 + u * c.5))))
    }
}
