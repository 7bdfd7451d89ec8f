import Foundation
import GaitCore

/// Puts two IMUs of one joint in one heading frame. Without a magnetometer each IMU's heading is
/// its own and drifts; across an approximate hinge such as the knee the two flexion axes must
/// point the same way, so the heading difference of the thigh's and the shank's flexion axes is
/// the difference of their frames — averaged over ±3 s, which removes the few degrees of true
/// axial rotation and abduction within each stride and keeps the slow drift.
///
/// References: Laidig D, Lehmann D, Bégin MA, Seel T (2019) Magnetometer-free realtime inertial
/// motion tracking by exploitation of kinematic constraints in 2-DoF joints. IEEE EMBC 2019:
/// 1233–1238. doi:10.1109/EMBC.2019.8857535
struct HeadingAlignment: Sendable {
    /// Half-width of the averaging window, seconds.
    static let halfWindowS = 3.0
    static let gridStepS = 0.05
    private let startS: Double
    private let offsetsRad: [Double]

    /// - Parameters: proximal, distal: segment orientation functions (q_world←segment, each in its
    ///   own heading frame) over `span`.
    init(span: ClosedRange<Double>, proximal: (Double) -> Quaternion?, distal: (Double) -> Quaternion?) {
        startS = span.lowerBound
        let count = max(Int((span.upperBound - span.lowerBound) / Self.gridStepS), 1)
        var unit: [(cos: Double, sin: Double)?] = []
        for k in 0...count {
            let t = span.lowerBound + Double(k) * Self.gridStepS
            guard let p = proximal(t), let d = distal(t) else { unit.append(nil); continue }
            let yp = p.rotate(.unitY), yd = d.rotate(.unitY)
            // Only where both axes are clearly horizontal does their heading mean anything.
            guard abs(yp.z) < 0.7, abs(yd.z) < 0.7 else { unit.append(nil); continue }
            let delta = atan2(yp.y, yp.x) - atan2(yd.y, yd.x)
            unit.append((cos(delta), sin(delta)))
        }
        let half = Int(Self.halfWindowS / Self.gridStepS)
        var offsets: [Double] = []
        var lastOffset = 0.0
        for k in unit.indices {
            var c = 0.0, s = 0.0
            for j in max(0, k - half)...min(unit.count - 1, k + half) {
                if let u = unit[j] { c += u.cos; s += u.sin }
            }
            if c != 0 || s != 0 { lastOffset = atan2(s, c) }
            offsets.append(lastOffset)
        }
        offsetsRad = offsets
    }

    /// The rotation about world z that takes the distal frame's heading into the proximal one's.
    func correction(at t: Double) -> Quaternion {
        let position = (t - startS) / Self.gridStepS
        let k = min(max(Int(position), 0), offsetsRad.count - 1)
        let next = min(k + 1, offsetsRad.count - 1)
        let fraction = min(max(position - Double(k), 0), 1)
        var difference = offsetsRad[next] - offsetsRad[k]
        difference = remainder(difference, 2 * .pi)
        return .aboutZ(offsetsRad[k] + fraction * difference)
    }
}
