import Foundation
import GaitCore

/// How an IMU sits on its segment: a fixed strap rotation and site, plus the soft-tissue wobble
/// and impact transient that shake it after each initial contact.
///
/// The wobble is real motion of the sensor relative to the bone — a damped oscillation in
/// rotation and translation — so the gyroscope and accelerometer feel it consistently. Its onset
/// envelope (1 − e^(−τ/τr))³ starts with zero velocity and acceleration, which keeps the motion
/// smooth enough to differentiate; τr = 1/(2πf) makes the envelope rise within a quarter period,
/// so the peak acceleration stays of the order of amplitude × (2πf)² (a faster rise would add
/// accelerations no tissue produces).
/// Frequencies (10–25 Hz) and damping follow soft-tissue vibration during running, e.g.
/// Wakeling JM, Nigg BM (2001) J Appl Physiol 90:412–420, doi:10.1152/jappl.2001.90.2.412.
public struct SensorMounting: Sendable {
    public let placement: Placement
    /// Sensor orientation relative to the segment, q_segment←sensor.
    public let rotation: Quaternion
    /// Sensor origin in the segment frame, metres.
    public let siteM: Vector3
    /// Contact times that shake this sensor (its side's; both for the pelvis), in order, seconds.
    let contactTimesS: [Double]
    let wobbleAxis: Vector3
    let wobbleAmplitudeRad: Double
    let translationAxis: Vector3
    let translationAmplitudeM: Double
    let wobbleFrequencyHz: Double
    let decayS: Double

    init(placement: Placement, options: SimulationOptions, dimensions: BodyDimensions, contactTimesS: [Double]) {
        var random = SeededGenerator(seed: options.seed, stream: "mounting-\(placement.rawValue)")
        self.placement = placement
        let angleRad = Angle.radians(fromDegrees: random.uniform(0...options.maxMountingDeg))
        rotation = Quaternion(axis: random.unitVector(), angleRad: angleRad)
        let offset = options.mountingOffsetM
        siteM = dimensions.nominalSensorSite(placement)
            + Vector3(random.uniform(-offset...offset), random.uniform(-offset...offset), random.uniform(-offset...offset))
        self.contactTimesS = contactTimesS
        // Softer, slower tissue on the thigh; stiffer and faster towards the foot.
        let (rotationDeg, translationM, frequencyHz): (Double, Double, Double) = switch placement.segment {
        case .pelvis: (0.4, 0.0015, 10)
        case .thigh: (1.5, 0.003, 13)
        case .shank: (1.0, 0.002, 18)
        case .foot: (0.5, 0.001, 25)
        }
        wobbleAxis = random.unitVector()
        translationAxis = random.unitVector()
        wobbleAmplitudeRad = Angle.radians(fromDegrees: rotationDeg) * options.softTissueScale
        translationAmplitudeM = translationM * options.softTissueScale
        wobbleFrequencyHz = frequencyHz * random.uniform(0.85...1.15)
        decayS = 0.03
    }

    /// The angle between the sensor's axes and the segment's, degrees.
    public var misalignmentDeg: Double { Angle.degrees(fromRadians: rotation.angleRad) }

    /// The sensor's pose relative to its segment at `t` (q_segment←sensor), wobble included.
    func relativePose(at t: Double) -> Pose {
        let shake = wobble(at: t)
        guard shake != 0 else { return Pose(positionM: siteM, orientation: rotation) }
        return Pose(positionM: siteM + translationAxis * (translationAmplitudeM * shake),
                    orientation: Quaternion(axis: wobbleAxis, angleRad: wobbleAmplitudeRad * shake) * rotation)
    }

    /// The damped oscillation summed over the last two contacts, unitless (peak ≈ 1).
    private func wobble(at t: Double) -> Double {
        guard wobbleAmplitudeRad > 0 || translationAmplitudeM > 0 else { return 0 }
        var low = 0
        var high = contactTimesS.count
        while low < high {
            let middle = (low + high) / 2
            if contactTimesS[middle] <= t { low = middle + 1 } else { high = middle }
        }
        var sum = 0.0
        for index in max(0, low - 2)..<low {
            let tau = t - contactTimesS[index]
            if tau > 10 * decayS { continue }
            let onset = 1 - exp(-tau * 2 * .pi * wobbleFrequencyHz)
            sum += onset * onset * onset * exp(-tau / decayS) * sin(2 * .pi * wobbleFrequencyHz * tau)
        }
        return sum
    }
}
