import Foundation
import GaitCore

/// Tuning of the inclination filter, independent of the sample rate.
public struct InclinationFilterParameters: Sendable, Equatable {
    /// Time constant τ of the accelerometer low-pass in the almost-inertial frame, seconds.
    /// Long enough that running's accelerations (periodic, zero mean on a treadmill) average out,
    /// short enough that gyroscope drift is corrected. Default 3.0 s, as VQF's τacc.
    public var accelerometerTimeConstantS = 3.0
    /// Rest: gyroscope norm below this, rad/s. Default 2 °/s (quiet standing sways at < 1 °/s).
    public var restGyroscopeThresholdRadPerS = Angle.radians(fromDegrees: 2)
    /// Rest: accelerometer within this of its own 0.5 s low-pass, m/s². Default 0.5.
    public var restAccelerationThresholdMps2 = 0.5
    /// Rest must last this long before the gyroscope bias is taken from it, seconds. Default 1.5.
    public var restMinimumS = 1.5

    public init() {}
}

/// Orientation of one IMU (q_world←sensor) through running's impacts and accelerations, heading
/// free: gyroscope strapdown integration, corrected in inclination only by the direction of
/// gravity as the accelerometer shows it on average, and the gyroscope bias estimated at rest.
///
/// Following the idea of VQF: the accelerometer is rotated into the frame the integrated
/// gyroscope defines (almost inertial), low-pass filtered there (second-order Butterworth,
/// f_c = √2 / (2π τ)) — which removes the accelerations of motion without lagging the
/// orientation — and the inclination is corrected so that this filtered vector points up.
///
/// References: Laidig D, Seel T (2023) VQF: Highly accurate IMU orientation estimation with bias
/// estimation and magnetic disturbance rejection. Information Fusion 91:187–204.
/// doi:10.1016/j.inffus.2022.10.014
public struct InclinationFilter: Sendable {
    public let parameters: InclinationFilterParameters
    public let sampleRateHz: Double
    private var gyroscopeIntegral = Quaternion.identity       // q_inertial←sensor
    private var inclinationCorrection = Quaternion.identity   // q_world←inertial, a pure tilt
    private var gravityLowPass: SecondOrderLowPass
    private var restLowPass: SecondOrderLowPass
    private var restDurationS = 0.0
    private var restGyroscopeSum = Vector3.zero
    private var restSamples = 0
    private var previousGyroscopeRadPerS: Vector3?
    /// Current gyroscope bias estimate, rad/s, sensor frame.
    public private(set) var gyroscopeBiasRadPerS = Vector3.zero
    /// Whether the sensor has been at rest for at least `restMinimumS`.
    public private(set) var isAtRest = false

    public init(sampleRateHz: Double, parameters: InclinationFilterParameters = InclinationFilterParameters()) {
        self.parameters = parameters
        self.sampleRateHz = sampleRateHz
        gravityLowPass = SecondOrderLowPass(cutoffHz: 2.0.squareRoot() / (2 * .pi * parameters.accelerometerTimeConstantS),
                                            sampleRateHz: sampleRateHz)
        restLowPass = SecondOrderLowPass(cutoffHz: 2.0.squareRoot() / (2 * .pi * 0.5), sampleRateHz: sampleRateHz)
    }

    /// The orientation q_world←sensor; its heading is arbitrary and drifts, its inclination does not.
    public var orientation: Quaternion { (inclinationCorrection * gyroscopeIntegral).normalized }

    /// Starts the gyroscope bias from an estimate made elsewhere (e.g. a quiet-standing interval).
    public mutating func setGyroscopeBias(_ biasRadPerS: Vector3) { gyroscopeBiasRadPerS = biasRadPerS }

    /// Advances the filter by one sample.
    /// - Parameters:
    ///   - gyroscopeRadPerS: angular velocity, sensor frame, rad/s.
    ///   - accelerometerMps2: specific force, sensor frame, m/s².
    ///   - dtS: time since the previous sample, seconds (1 / rate normally; longer over a gap).
    public mutating func update(gyroscopeRadPerS: Vector3, accelerometerMps2: Vector3, dtS: Double) {
        updateRest(gyroscopeRadPerS: gyroscopeRadPerS, accelerometerMps2: accelerometerMps2, dtS: dtS)
        // Trapezoidal rule: the rotation between two samples uses their mean rate (second-order
        // accurate; the rectangle rule errs by ω̇·dt²/2 a step, 0.06° at 500 Hz in a foot's swing).
        let mean = 0.5 * (gyroscopeRadPerS + (previousGyroscopeRadPerS ?? gyroscopeRadPerS))
        previousGyroscopeRadPerS = gyroscopeRadPerS
        gyroscopeIntegral = (gyroscopeIntegral * Quaternion(rotationVector: (mean - gyroscopeBiasRadPerS) * dtS)).normalized

        let accelerationInertial = gyroscopeIntegral.rotate(accelerometerMps2)
        let gravityInertial = gravityLowPass.filter(accelerationInertial)
        // Tilt the inertial frame so the averaged specific force points straight up: the
        // rotation taking its current world direction to +z, about a horizontal axis.
        let current = inclinationCorrection.rotate(gravityInertial).normalized
        if let tilt = Quaternion(rotating: current, onto: .unitZ) {
            inclinationCorrection = (tilt * inclinationCorrection).normalized
        }
    }

    private mutating func updateRest(gyroscopeRadPerS: Vector3, accelerometerMps2: Vector3, dtS: Double) {
        let smoothed = restLowPass.filter(accelerometerMps2)
        let still = gyroscopeRadPerS.norm < parameters.restGyroscopeThresholdRadPerS
            && (accelerometerMps2 - smoothed).norm < parameters.restAccelerationThresholdMps2
        guard still else {
            restDurationS = 0
            restGyroscopeSum = .zero
            restSamples = 0
            isAtRest = false
            return
        }
        restDurationS += dtS
        restGyroscopeSum += gyroscopeRadPerS
        restSamples += 1
        isAtRest = restDurationS >= parameters.restMinimumS
        // The mean over the whole rest so far: postural sway, a slow oscillation, averages out.
        if isAtRest { gyroscopeBiasRadPerS = restGyroscopeSum / Double(restSamples) }
    }
}
