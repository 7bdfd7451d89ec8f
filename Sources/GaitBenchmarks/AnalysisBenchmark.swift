import Foundation
import GaitCore
import GaitSessionFiles
import GaitSimulation

/// Analysis throughput: a simulated session of 7 IMUs and 2 insoles at 1 kHz, analysed in a
/// process of its own; reported in samples per CPU-second and as a multiple of real time, beside
/// the CPU time of only reading the same session (the baseline, in the same run).
struct AnalysisBenchmark {
    let minutes: Double
    let folder: URL
    let keep: Bool

    func run() throws {
        var options = SimulationOptions()
        options.seed = 2027
        options.standingS = 10
        options.transitionS = 2
        options.gaitS = minutes * 60 - 12
        options.imuRateHz = 1000
        options.insoleRateHz = 1000
        try? FileManager.default.removeItem(at: folder)
        print(String(format: "Simulating %.0f min, 7 IMUs + 2 insoles at 1 kHz …", minutes))
        try SessionSimulator(options: options).write(to: folder)
        let samples = 9 * Int(options.durationS * 1000)

        let readCPU = try cpuSecondsOf { _ = try RecordedSession.read(from: folder) }
        let child = try analyseInChildProcess()
        print("")
        print("| pass | CPU s | samples per CPU-s | × real time |")
        print("|---|---|---|---|")
        print(String(format: "| read the session (baseline) | %.2f | %.2e | %.0f |", readCPU, Double(samples) / readCPU, options.durationS / readCPU))
        print(String(format: "| analyse (orientation, events, calibration, measures) | %.2f | %.2e | %.0f |",
                     child.cpuS, Double(samples) / child.cpuS, options.durationS / child.cpuS))
        print(String(format: "\n%d strides; %.0f min session; peak resident memory of the analysing process %.0f MB",
                     child.strides, minutes, child.peakMB))
        if !keep { try? FileManager.default.removeItem(at: folder) }
    }

    private func analyseInChildProcess() throws -> (strides: Int, cpuS: Double, peakMB: Double) {
        let values = try runBenchmarkChild(["analyse-only", folder.path])
        return (Int(values["strides"] ?? 0), values["cpu"] ?? .nan, values["peakMB"] ?? .nan)
    }
}

/// CPU time (user + system) this process has used, seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func cpuSecondsOf(_ body: () throws -> Void) throws -> Double {
    let start = cpuSeconds()
    try body()
    return cpuSeconds() - start
}
