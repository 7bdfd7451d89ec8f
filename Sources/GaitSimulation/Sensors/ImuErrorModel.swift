import Foundation
import GaitCore

/// The errors of a MEMS IMU between true motion and the numbers it reports: scale-factor and
/// cross-axis errors, turn-on bias, bias random walk, white noise, saturation at full scale and
/// quantisation to the least significant bit.
///
/// Defaults are of the class of TDK InvenSense ICM-42688-P (datasheet DS-000347): accelerometer
/// noise 70 µg/√Hz, gyroscope noise 2.8 mdps/√Hz, 16-bit outputs at ±16 g and ±2000 °/s.
struct ImuErrorModel: Sendable {
    let accelerometerMisalignment: Matrix3
    let gyroscopeMisalignment: Matrix3
    let accelerometerBiasMps2: Vector3
    let gyroscopeBiasRadPerS: Vector3
    let accelerometerNoiseMps2: Double       // per sample, 1 sd
    let gyroscopeNoiseRadPerS: Double        // per sample, 1 sd
    let accelerometerRandomWalkMps2PerRootS: Double
    let gyroscopeRandomWalkRadPerSPerRootS: Double
    let accelerometerRangeMps2: Double
    let gyroscopeRangeRadPerS: Double
    let accelerometerLsbMps2: Double
    let gyroscopeLsbRadPerS: Double

    static let accelerometerNoiseDensityMps2PerRootHz = 70e-6 * standardGravityMps2
    static let gyroscopeNoiseDensityRadPerSPerRootHz = Angle.radians(fromDegrees: 2.8e-3)

    init(placement: Placement, options: SimulationOptions) {
        var random = SeededGenerator(seed: options.seed, stream: "imu-errors-\(placement.rawValue)")
        func scaleAndCrossAxis() -> Matrix3 {
            let sd = options.scaleErrorPercent / 100
            var m = Matrix3.identity
            for row in 0..<3 {
                for column in 0..<3 {
                    // Cross-axis sensitivity is typically a fifth of the scale error.
                    m[row, column] += random.gaussian(sd: row == column ? sd : sd / 5)
                }
            }
            return m
        }
        accelerometerMisalignment = scaleAndCrossAxis()
        gyroscopeMisalignment = scaleAndCrossAxis()
        let biasScale = options.biasScale
        accelerometerBiasMps2 = Vector3(random.gaussian(sd: 0.1), random.gaussian(sd: 0.1), random.gaussian(sd: 0.1)) * biasScale
        let gyroBiasSd = Angle.radians(fromDegrees: 0.3) * biasScale
        gyroscopeBiasRadPerS = Vector3(random.gaussian(sd: gyroBiasSd), random.gaussian(sd: gyroBiasSd), random.gaussian(sd: gyroBiasSd))
        // White noise over the Nyquist band of the output rate.
        let bandwidthRootHz = (options.imuRateHz / 2).squareRoot()
        accelerometerNoiseMps2 = Self.accelerometerNoiseDensityMps2PerRootHz * bandwidthRootHz * options.noiseScale
        gyroscopeNoiseRadPerS = Self.gyroscopeNoiseDensityRadPerSPerRootHz * bandwidthRootHz * options.noiseScale
        accelerometerRandomWalkMps2PerRootS = 0.002 * options.biasDriftScale
        gyroscopeRandomWalkRadPerSPerRootS = Angle.radians(fromDegrees: 0.005) * options.biasDriftScale
        accelerometerRangeMps2 = options.accelerometerRangeG * standardGravityMps2
        gyroscopeRangeRadPerS = Angle.radians(fromDegrees: options.gyroscopeRangeDps)
        accelerometerLsbMps2 = accelerometerRangeMps2 / 32768
        gyroscopeLsbRadPerS = gyroscopeRangeRadPerS / 32768
    }
}

/// The error model's running state for one device: the drifting biases and the noise source.
struct ImuErrorState {
    let model: ImuErrorModel
    var random: SeededGenerator
    private(set) var accelerometerBiasMps2: Vector3
    private(set) var gyroscopeBiasRadPerS: Vector3
    /// Samples that hit full scale, per sensor.
    private(set) var saturatedSamples = 0

    init(model: ImuErrorModel, seed: UInt64, placement: Placement) {
        self.model = model
        random = SeededGenerator(seed: seed, stream: "imu-noise-\(placement.rawValue)")
        accelerometerBiasMps2 = model.accelerometerBiasMps2
        gyroscopeBiasRadPerS = model.gyroscopeBiasRadPerS
    }

    /// Advances the bias random walks by `dtS` seconds.
    mutating func advance(byS dtS: Double) {
        let root = dtS.squareRoot()
        accelerometerBiasMps2 += gaussianVector(sd: model.accelerometerRandomWalkMps2PerRootS * root)
        gyroscopeBiasRadPerS += gaussianVector(sd: model.gyroscopeRandomWalkRadPerSPerRootS * root)
    }

    /// What the chip reports for a true specific force and angular velocity (sensor frame).
    mutating func measure(specificForceMps2: Vector3, angularVelocityRadPerS: Vector3) -> (accelerometer: Vector3, gyroscope: Vector3) {
        let accelerometer = model.accelerometerMisalignment * specificForceMps2 + accelerometerBiasMps2
            + gaussianVector(sd: model.accelerometerNoiseMps2)
        let gyroscope = model.gyroscopeMisalignment * angularVelocityRadPerS + gyroscopeBiasRadPerS
            + gaussianVector(sd: model.gyroscopeNoiseRadPerS)
        return (digitise(accelerometer, range: model.accelerometerRangeMps2, lsb: model.accelerometerLsbMps2),
                digitise(gyroscope, range: model.gyroscopeRangeRadPerS, lsb: model.gyroscopeLsbRadPerS))
    }

    private mutating func digitise(_ value: Vector3, range: Double, lsb: Double) -> Vector3 {
        var result = value
        var clipped = false
        for axis in 0..<3 {
            // A 16-bit two's-complement output spans −32768…+32767 LSB.
            let counts = (value[axis] / lsb).rounded()
            let limited = min(max(counts, -32768), 32767)
            clipped = clipped || limited != counts
            result[axis] = limited * lsb
        }
        if clipped { saturatedSamples += 1 }
        return result
    }

    private mutating func gaussianVector(sd: Double) -> Vector3 {
        guard sd > 0 else { return .zero }
        return Vector3(random.gaussian(sd: sd), random.gaussian(sd: sd), random.gaussian(sd: sd))
    }
}
