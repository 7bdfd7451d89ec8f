import Foundation
import GaitCore
import GaitSessionFiles
import GaitSimulation

/// Simulated sessions written to a temporary folder, read back through the real reader, with
/// the simulator kept at hand for the truth.
struct SimulatedSession {
    let simulator: SessionSimulator
    let truth: SimulationTruth
    let recorded: RecordedSession
    let folder: URL

    init(_ options: SimulationOptions) throws {
        simulator = try SessionSimulator(options: options)
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("gait-analysis-tests-\(UUID().uuidString)")
            .appendingPathComponent("session")
        truth = try simulator.write(to: folder)
        recorded = try RecordedSession.read(from: folder)
    }

    func removeFiles() { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }

    /// The true session time of a sample written at `fileTimeS` by the device at `placement`.
    func trueTime(_ placement: Placement, fileTimeS: Double) -> Double {
        simulator.clock(for: placement).sessionTime(atDeviceTime: fileTimeS)
    }

    static func running(seed: UInt64, gaitS: Double = 20) -> SimulationOptions {
        var options = SimulationOptions()
        options.seed = seed
        options.standingS = 6
        options.gaitS = gaitS
        options.imuRateHz = 500
        options.insoleRateHz = 200
        return options
    }
}
