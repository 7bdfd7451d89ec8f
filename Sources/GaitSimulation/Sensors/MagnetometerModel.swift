import Foundation
import GaitCore

/// An optional magnetometer: the Earth's field (48 µT, inclination 64°, a random heading per
/// session) seen in the sensor frame, plus a hard-iron offset. gait never uses it for
/// heading (conventions.md); it exists so that files with magnetometer columns can be made.
struct MagnetometerModel: Sendable {
    let fieldWorldMicroT: Vector3
    let hardIronMicroT: Vector3

    init(seed: UInt64, placement: Placement) {
        var session = SeededGenerator(seed: seed, stream: "magnetic-heading")
        let heading = session.uniform(0...(2 * .pi))
        let inclination = Angle.radians(fromDegrees: 64)
        fieldWorldMicroT = 48 * Vector3(cos(inclination) * cos(heading), cos(inclination) * sin(heading), -sin(inclination))
        var device = SeededGenerator(seed: seed, stream: "hard-iron-\(placement.rawValue)")
        hardIronMicroT = Vector3(device.uniform(-5...5), device.uniform(-5...5), device.uniform(-5...5))
    }

    func measure(orientation: Quaternion) -> Vector3 {
        orientation.inverseRotate(fieldWorldMicroT) + hardIronMicroT
    }
}
