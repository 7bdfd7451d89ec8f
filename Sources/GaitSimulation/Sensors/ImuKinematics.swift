import GaitCore

/// What an ideal IMU strapped to a segment feels: its orientation, the specific force and the
/// angular velocity of its own frame, all derived from the true motion.
///
/// Specific force f = Rᵀ(a − g) with g = (0, 0, −9.81) m/s², so a sensor at rest reads +9.81 on
/// its up axis; angular velocity is that of the sensor frame, expressed in it (what a gyroscope
/// measures). Both come from central differences of the sensor's pose with a step of 50 µs, far
/// below the shortest time constant of the motion (2 ms), so they are accurate to well under the
/// sensors' own noise.
public struct ImuKinematics: Sendable {
    public let body: BodyMotion
    public let mounting: SensorMounting
    static let differenceStepS = 5e-5

    public init(body: BodyMotion, mounting: SensorMounting) {
        self.body = body
        self.mounting = mounting
    }

    /// The sensor's pose in the world at `t`.
    public func sensorPose(at t: Double) -> Pose {
        body.pose(of: mounting.placement.segment, at: t).composed(with: mounting.relativePose(at: t))
    }

    public struct Signals: Sendable {
        public var orientation: Quaternion
        public var specificForceMps2: Vector3
        public var angularVelocityRadPerS: Vector3
    }

    /// The ideal (error-free) signals at true session time `t`.
    public func signals(at t: Double) -> Signals {
        let h = Self.differenceStepS
        let before = sensorPose(at: t - h)
        let now = sensorPose(at: t)
        let after = sensorPose(at: t + h)
        let accelerationWorld = (after.positionM - 2 * now.positionM + before.positionM) / (h * h)
        let gravityWorld = Vector3(0, 0, -standardGravityMps2)
        let specificForce = now.orientation.inverseRotate(accelerationWorld - gravityWorld)
        // Body-frame rotation vectors to the neighbours, differenced: second-order accurate.
        let forward = (now.orientation.conjugate * after.orientation).rotationVector
        let backward = (now.orientation.conjugate * before.orientation).rotationVector
        let angularVelocity = (forward - backward) / (2 * h)
        return Signals(orientation: now.orientation, specificForceMps2: specificForce, angularVelocityRadPerS: angularVelocity)
    }
}
