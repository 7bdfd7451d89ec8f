import Foundation
import GaitCore

/// The five measures of conventions.md, computed from the true segment kinematics exactly as
/// defined there: roll angles relative to their mean over quiet standing, times the side sign,
/// peaks over the stance from initial contact to toe-off inclusive.
struct TruthMeasures {
    let body: BodyMotion
    let reference: SimulationTruth.StandingReference
    /// Grid step over which peaks are searched, seconds (peaks of smooth motion: error ≪ 0.01°).
    static let gridStepS = 0.0005
    /// Step of the central difference for the eversion velocity, seconds.
    static let derivativeStepS = 1e-4

    init(body: BodyMotion, standing: ClosedRange<Double>) {
        self.body = body
        let count = max(Int((standing.upperBound - standing.lowerBound) / 0.001), 1)
        var pelvis = 0.0
        var knee = (left: 0.0, right: 0.0)
        var foot = (left: 0.0, right: 0.0)
        for i in 0...count {
            let t = standing.lowerBound + (standing.upperBound - standing.lowerBound) * Double(i) / Double(count)
            pelvis += Self.pelvisRollRad(body, t)
            knee.left += Self.kneeXRotationRad(body, .left, t)
            knee.right += Self.kneeXRotationRad(body, .right, t)
            foot.left += Self.footRollRad(body, .left, t)
            foot.right += Self.footRollRad(body, .right, t)
        }
        let n = Double(count + 1)
        let deg = Angle.degrees(fromRadians:)
        reference = SimulationTruth.StandingReference(
            pelvisRollDeg: deg(pelvis / n),
            kneeXRotationDeg: SidePair(left: deg(knee.left / n), right: deg(knee.right / n)),
            footRollDeg: SidePair(left: deg(foot.left / n), right: deg(foot.right / n)))
    }

    static func pelvisRollRad(_ body: BodyMotion, _ t: Double) -> Double {
        CardanZYX(body.pose(of: .pelvis, at: t).orientation).rollRad
    }

    static func kneeXRotationRad(_ body: BodyMotion, _ side: Side, _ t: Double) -> Double {
        let thigh = body.pose(of: .thigh(side), at: t).orientation
        let shank = body.pose(of: .shank(side), at: t).orientation
        return CardanYXZ(thigh.conjugate * shank).xRotationRad
    }

    static func footRollRad(_ body: BodyMotion, _ side: Side, _ t: Double) -> Double {
        CardanZYX(body.pose(of: .foot(side), at: t).orientation).rollRad
    }

    /// Signed eversion (degrees, positive = eversion) of `side`'s foot at `t`.
    func signedEversionDeg(_ side: Side, _ t: Double) -> Double {
        side.sign * (Angle.degrees(fromRadians: Self.footRollRad(body, side, t)) - reference.footRollDeg[side])
    }

    struct Stance {
        var pelvicDropDeg: Double
        var kneeValgusDeg: Double
        var pronationDeg: Double
        var peakEversionDeg: Double
        var eversionVelocityDegPerS: Double
    }

    func measure(side: Side, initialContactS ic: Double, toeOffS to: Double) -> Stance {
        let s = side.sign
        let deg = Angle.degrees(fromRadians:)
        var times = Array(stride(from: ic, to: to, by: Self.gridStepS))
        times.append(to)                                   // inclusive of toe-off
        var pelvicDrop = -Double.infinity, kneeValgus = -Double.infinity
        var peakEversion = -Double.infinity, eversionVelocity = -Double.infinity
        let h = Self.derivativeStepS
        for t in times {
            pelvicDrop = max(pelvicDrop, s * (deg(Self.pelvisRollRad(body, t)) - reference.pelvisRollDeg))
            kneeValgus = max(kneeValgus, s * (deg(Self.kneeXRotationRad(body, side, t)) - reference.kneeXRotationDeg[side]))
            peakEversion = max(peakEversion, signedEversionDeg(side, t))
            eversionVelocity = max(eversionVelocity, (signedEversionDeg(side, t + h) - signedEversionDeg(side, t - h)) / (2 * h))
        }
        return Stance(pelvicDropDeg: pelvicDrop, kneeValgusDeg: kneeValgus,
                      pronationDeg: peakEversion - signedEversionDeg(side, ic),
                      peakEversionDeg: peakEversion, eversionVelocityDegPerS: eversionVelocity)
    }
}
