import Foundation
import GaitCore
import GaitSessionFiles
import GaitSimulation
import Testing
@testable import GaitAnalysis

/// Footstrikes from foot IMUs when there are no insoles (Falbriard et al. 2018), scored against
/// the simulator's truth, and the cross-check of IMU events against insole events.
struct ImuEventAccuracyTests {
    /// Devices on one clock, as the recorder's clock mapping delivers them (issue: ingestion);
    /// without insoles the analysis has nothing to correct residual offsets with.
    static func imuOnly(seed: UInt64, strike: SimulationOptions.StrikePattern) -> SimulationOptions {
        var options = SimulatedSession.running(seed: seed)
        options.placements = Placement.allCases.filter { $0.sensorKind == .imu }
        options.strike = strike
        options.clockOffsetMaxMs = 0
        options.clockDriftMaxPpm = 0
        return options
    }

    @Test(arguments: [(UInt64(91), SimulationOptions.StrikePattern.heel), (92, .midfoot), (93, .forefoot)])
    func footImuEventsFindEveryStride(seed: UInt64, strike: SimulationOptions.StrikePattern) throws {
        let session = try SimulatedSession(Self.imuOnly(seed: seed, strike: strike))
        defer { session.removeFiles() }
        let result = SessionAnalysis().run(session.recorded)
        let score = TruthScore(result: result, truth: session.truth)
        let signedErrors = score.contactErrorsMs.sorted()
        let medianSigned = signedErrors.isEmpty ? Double.nan : signedErrors[signedErrors.count / 2]
        print("SCORE IMU-only events, \(strike) strike: \(score); IC error median signed \(String(format: "%+.1f", medianSigned)) ms")
        #expect(result.strides.allSatisfy { $0.eventSource == .imu })
        #expect(result.warnings.contains { $0.code == "imu-events" })
        // Never an invented stride: a feature outside a plausible stance is dropped instead.
        #expect(score.invented == 0, "\(score)")
        // Known gaps (issue note), not tuned away: in this simulator the foot stops rotating
        // before contact and slaps 30–50 ms after it, so the pitch-rate minimum Falbriard et al.
        // found within a few ms of contact on real runners lags it here (heel strike), or is no
        // contact feature at all (midfoot and forefoot: the stances are dropped).
        if strike == .heel {
            #expect(score.missed <= 1, "\(score)")
            #expect(score.medianAbsoluteContactErrorMs <= 60, "\(score)")
            #expect((score.rmse("pelvicDrop") ?? .infinity) <= 1.0, "\(score)")
            #expect((score.rmse("pronation") ?? .infinity) <= 1.5, "\(score)")
        } else {
            withKnownIssue("IMU-only events miss midfoot and forefoot stances of this simulator") {
                #expect(score.missed == 0, "\(score)")
            }
        }
        withKnownIssue("IMU-only initial contact error above 10 ms in this simulator") {
            #expect(score.medianAbsoluteContactErrorMs <= 10, "\(score)")
        }
    }

    /// With both insoles and foot IMUs, the insoles give the events and the IMUs' are compared
    /// with them, foot by foot, in the report.
    @Test func imuEventsAreCrossCheckedAgainstInsoles() throws {
        var options = SimulatedSession.running(seed: 94)
        options.clockOffsetMaxMs = 0
        options.clockDriftMaxPpm = 0
        let session = try SimulatedSession(options)
        defer { session.removeFiles() }
        let result = SessionAnalysis().run(session.recorded)
        #expect(result.strides.allSatisfy { $0.eventSource == .insole })
        let checks = result.warnings.filter { $0.code == "event-cross-check" }
        #expect(checks.count == 2, "\(checks)")
        for check in checks {
            print("CROSS-CHECK \(check.message)")
            #expect(check.message.contains("stances matched"))
        }
    }
}
