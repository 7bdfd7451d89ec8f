import Foundation
import GaitCore
import Testing
@testable import GaitSimulation

/// The truth's signs follow conventions.md, checked on the body's geometry in a hand-made
/// left/right case rather than on the angles the truth computes.
struct TruthSignTests {
    static func asymmetricSimulator() throws -> SessionSimulator {
        var options = SimulatorPhysicsTests.idealOptions()
        options.strideVariability = 0
        options.pelvicDropDeg = SidePair(left: 3, right: 8)        // the left hip drops in right stance
        options.kneeValgusDeg = SidePair(left: 6, right: -3)       // left knee abducts, right adducts
        options.peakEversionDeg = SidePair(left: 9, right: 2)
        options.eversionAtContactDeg = SidePair(left: -3, right: -6)
        return try SessionSimulator(options: options)
    }

    @Test func pelvicDropIsPositiveWhenTheSwingSideHipIsLower() throws {
        let simulator = try Self.asymmetricSimulator()
        let body = simulator.body
        let truth = simulator.computeTruth(sensors: [])
        for stride in truth.strides where stride.section == "gait" {
            let stance = body.stances.first { $0.initialContactS == stride.ic }!
            let t = stance.fraction(0.35)                             // where the pattern peaks
            let pelvis = body.pose(of: .pelvis, at: t)
            let stanceHip = pelvis.transform(body.dimensions.hipJointInPelvis(stride.side))
            let swingHip = pelvis.transform(body.dimensions.hipJointInPelvis(stride.side.opposite))
            // By hand: the hips are 2·0.0475·1.75 m apart, so a drop of θ lowers the swing hip by 0.166·sin θ.
            let dropFromHipsDeg = Angle.degrees(fromRadians: asin((stanceHip.z - swingHip.z) / (2 * body.dimensions.hipHalfWidthM)))
            #expect(swingHip.z < stanceHip.z)
            let expected = stride.side == .left ? 3.0 : 8.0
            #expect(abs(dropFromHipsDeg - expected) < 0.3, "\(stride.side): hips say \(dropFromHipsDeg)°")
            #expect(abs(stride.pelvicDropDeg - expected) < 0.1)
        }
    }

    @Test func kneeValgusIsPositiveWhenTheAnkleSwingsLaterallyOfTheThigh() throws {
        let simulator = try Self.asymmetricSimulator()
        let body = simulator.body
        let truth = simulator.computeTruth(sensors: [])
        for stride in truth.strides where stride.section == "gait" {
            let stance = body.stances.first { $0.initialContactS == stride.ic }!
            let t = stance.fraction(0.4)
            let thigh = body.pose(of: .thigh(stride.side), at: t)
            let ankle = body.pose(of: .foot(stride.side), at: t).positionM
            let ankleInThigh = thigh.orientation.inverseRotate(ankle - thigh.positionM)
            // Lateral is +y for the left thigh, −y for the right: the ankle sits Ls·sin(abduction)
            // laterally of the thigh's long axis, whatever the flexion (Grood–Suntay).
            let lateralM = stride.side.sign * ankleInThigh.y
            let abductionDeg = Angle.degrees(fromRadians: asin(lateralM / body.dimensions.shankLengthM))
            let expected = stride.side == .left ? 6.0 : -3.0
            #expect(abs(abductionDeg - expected) < 0.05, "\(stride.side): \(abductionDeg)°")
            // The reported peak covers the whole stance (the right knee's peak abduction is its
            // least adduction, near contact), so it is at least the value at 40 % of stance.
            #expect(stride.kneeValgusDeg >= abductionDeg - 0.01)
            if stride.side == .left { #expect(abs(stride.kneeValgusDeg - 6) < 0.01) }
        }
    }

    @Test func eversionIsPositiveWhenTheMedialBorderIsLower() throws {
        let simulator = try Self.asymmetricSimulator()
        let body = simulator.body
        let truth = simulator.computeTruth(sensors: [])
        for stride in truth.strides where stride.section == "gait" {
            let stance = body.stances.first { $0.initialContactS == stride.ic }!
            let t = stance.fraction(0.4)
            let foot = body.pose(of: .foot(stride.side), at: t)
            // Medial is −y on the left foot, +y on the right.
            let medial = foot.transform(Vector3(0.05, -stride.side.sign * 0.04, -0.07))
            let lateral = foot.transform(Vector3(0.05, stride.side.sign * 0.04, -0.07))
            let everted = stride.side == .left ? 9.0 : 2.0
            #expect(medial.z < lateral.z)
            // By hand: borders 8 cm apart, everted by θ → the medial border is 0.08·sin θ lower.
            #expect(abs((lateral.z - medial.z) - 0.08 * sin(Angle.radians(fromDegrees: everted))) < 1e-3)
            #expect(abs(stride.peakEversionDeg - everted) < 0.01)
            // Pronation starts from the eversion at true contact, 20 ms before the eversion keyframe
            // where the heel has settled; the foot barely turns in those 20 ms.
            #expect(abs(stride.pronationDeg - (everted - (stride.side == .left ? -3.0 : -6.0))) < 0.05)
        }
    }

    @Test func computedTruthMatchesTheDrawnTargetsAcrossSeeds() throws {
        for seed in [UInt64(3), 11, 29] {
            var options = SimulatorPhysicsTests.idealOptions()
            options.seed = seed
            options.strike = seed == 11 ? .forefoot : .heel
            let simulator = try SessionSimulator(options: options)
            let truth = simulator.computeTruth(sensors: [])
            let gait = truth.strides.filter { $0.section == "gait" }
            #expect(gait.count >= 25)
            for stride in gait {
                // The targets are keyframe extremes; the standing reference moves them by sway only.
                #expect(abs(stride.pelvicDropDeg - stride.targetPelvicDropDeg) < 0.1)
                // A knee drawn into adduction (negative target) peaks at its least adduction instead.
                if stride.targetKneeValgusDeg > 0 {
                    #expect(abs(stride.kneeValgusDeg - stride.targetKneeValgusDeg) < 0.01)
                } else {
                    #expect(stride.kneeValgusDeg >= stride.targetKneeValgusDeg)
                }
                #expect(abs(stride.peakEversionDeg - stride.targetPeakEversionDeg) < 0.01)
                #expect(stride.eversionVelocityDegPerS > 0)
                #expect(abs(stride.stanceS - (stride.to - stride.ic)) < 1e-12)
            }
        }
    }
}
