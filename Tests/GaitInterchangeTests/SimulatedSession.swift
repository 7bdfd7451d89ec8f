import Foundation
import GaitAnalysis
import GaitCore
import GaitSessionFiles
import GaitSimulation

/// A simulated session in a temporary folder, with the simulator at hand for the truth.
struct SimulatedSession: Sendable {
    let simulator: SessionSimulator
    let truth: SimulationTruth
    let folder: URL

    init(_ options: SimulationOptions) throws {
        simulator = try SessionSimulator(options: options)
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("gait-interchange-tests-\(UUID().uuidString)")
            .appendingPathComponent("session")
        truth = try simulator.write(to: folder)
    }

    var scratch: URL { folder.deletingLastPathComponent() }

    func removeFiles() { try? FileManager.default.removeItem(at: scratch) }

    /// The true session time of a time `fileTimeS` on the device clock of `placement`.
    func trueTime(_ placement: Placement, fileTimeS: Double) -> Double {
        simulator.clock(for: placement).sessionTime(atDeviceTime: fileTimeS)
    }

    /// Short running: 6 s standing, 2 s blend, `gaitS` of running, IMUs at 200 Hz, insoles 100 Hz.
    static func running(seed: UInt64, gaitS: Double = 20) -> SimulationOptions {
        var options = SimulationOptions()
        options.seed = seed
        options.standingS = 6
        options.gaitS = gaitS
        options.imuRateHz = 200
        options.insoleRateHz = 100
        return options
    }
}

/// Angle between two directions, degrees (atan2 form: accurate at small angles).
func angleDeg(_ a: Vector3, _ b: Vector3) -> Double {
    Angle.degrees(fromRadians: atan2(a.cross(b).norm, a.dot(b)))
}

/// One all-sensor running session shared by the tests that need the whole analysis (simulated
/// once per test run; removed by the operating system's temporary-folder cleanup).
enum SharedSessions {
    static let allSensors: Result<SimulatedSession, any Error> = Result {
        var options = SimulatedSession.running(seed: 72, gaitS: 10)
        options.placements = Placement.allCases
        return try SimulatedSession(options)
    }

    /// Its analysis, run once, with the angle curves the C3D export needs (100 Hz).
    static let allSensorsAnalysis: Result<AnalysisResult, any Error> = Result {
        var configuration = AnalysisConfiguration()
        configuration.angleCurveRateHz = 100
        return try SessionAnalysis(configuration: configuration).run(folder: allSensors.get().folder).1
    }
}
