import Foundation
import GaitCore
import GaitSessionFiles
import GaitSimulation
import Testing
@testable import GaitAnalysis

/// The analysis scored against the simulator's truth (issue goals: pelvic drop RMSE ≤ 1.0°,
/// knee valgus ≤ 1.5°, pronation ≤ 1.5°, insole initial contact median error ≤ 3 ms, no stride
/// missed or invented in steady gait).
struct AccuracyAgainstTruthTests {
    func score(_ options: SimulationOptions) throws -> TruthScore {
        let session = try SimulatedSession(options)
        defer { session.removeFiles() }
        let result = SessionAnalysis(session: session.recorded).run()
        return TruthScore(result: result, truth: session.truth)
    }

    @Test func perfectClocksAllSensors() throws {
        var options = SimulatedSession.running(seed: 21)
        options.clockOffsetMaxMs = 0
        options.clockDriftMaxPpm = 0
        let score = try score(options)
        print("SCORE perfect clocks:", score)
        #expect(score.missed == 0 && score.invented == 0)
        #expect(score.medianAbsoluteContactErrorMs <= 3)
        #expect((score.rmse("pelvicDrop") ?? .infinity) <= 1.0)
        #expect((score.rmse("kneeValgus") ?? .infinity) <= 1.5)
        #expect((score.rmse("pronation") ?? .infinity) <= 1.5)
    }
}
