import Foundation
import GaitAnalysis
import GaitCore
import GaitSessionFiles
import GaitSimulation

/// Analysis throughput and memory: simulated sessions of 7 IMUs and 2 insoles at 1 kHz, of each
/// length asked for, each pass in a process of its own:
/// - reading the session files only (the baseline, in the same run);
/// - the streaming analysis fed from the files (reading included): CPU time and peak memory,
///   which must not grow with the session's length;
/// - for sessions up to `memoryFedMaximumMinutes`, the analysis alone, fed from memory (the
///   session read beforehand, not timed): the core's own throughput.
/// CPU time is user + system of all threads: samples per CPU-second is the rate of one core.
struct AnalysisBenchmark {
    let minutes: [Double]
    let folder: URL
    let keep: Bool
    static let memoryFedMaximumMinutes = 10.0

    struct Row {
        var minutes: Double
        var samples: Int
        var strides: Int
        var readCPU: Double
        var readPeakMB: Double
        var filesCPU: Double
        var filesPeakMB: Double
        var memoryCPU: Double?
    }

    func run() throws {
        var rows: [Row] = []
        for length in minutes {
            let sessionFolder = folder.appendingPathComponent(String(format: "%.0f-min", length))
            var options = SimulationOptions()
            options.seed = 2027
            options.standingS = 10
            options.transitionS = 2
            options.gaitS = length * 60 - 12
            options.imuRateHz = 1000
            options.insoleRateHz = 1000
            if !FileManager.default.fileExists(atPath: sessionFolder.appendingPathComponent("session.json").path) {
                print(String(format: "Simulating %.0f min, 7 IMUs + 2 insoles at 1 kHz …", length))
                try SessionSimulator(options: options).write(to: sessionFolder)
            }
            let samples = 9 * Int(options.durationS * 1000)
            print(String(format: "Measuring %.0f min …", length))
            let read = try runBenchmarkChild(["read-stream", sessionFolder.path])
            let files = try runBenchmarkChild(["analyse-files", sessionFolder.path])
            let memory = length <= Self.memoryFedMaximumMinutes ? try runBenchmarkChild(["analyse-memory", sessionFolder.path]) : nil
            rows.append(Row(minutes: length, samples: samples, strides: Int(files["strides"] ?? 0),
                            readCPU: read["cpu"] ?? .nan, readPeakMB: read["peakMB"] ?? .nan,
                            filesCPU: files["cpu"] ?? .nan, filesPeakMB: files["peakMB"] ?? .nan, memoryCPU: memory?["cpu"]))
            if !keep { try? FileManager.default.removeItem(at: sessionFolder) }
        }
        print("")
        print("| session | pass | CPU s | samples per CPU-s | × real time | peak memory |")
        print("|---|---|---|---|---|---|")
        for row in rows {
            let seconds = row.minutes * 60
            func line(_ pass: String, _ cpu: Double, _ peak: String) {
                print(String(format: "| %.0f min | %@ | %.2f | %.2e | %.0f | %@ |", row.minutes, pass as NSString, cpu,
                             Double(row.samples) / cpu, seconds / cpu, peak as NSString))
            }
            line("read the files only (baseline)", row.readCPU, String(format: "%.0f MB", row.readPeakMB))
            line("analyse, streamed from the files (reading included)", row.filesCPU, String(format: "%.0f MB", row.filesPeakMB))
            line("analysis alone (files − read)", row.filesCPU - row.readCPU, "")
            if let memoryCPU = row.memoryCPU { line("analysis alone, fed from memory", memoryCPU, "") }
            print(String(format: "| %.0f min | %d strides | | | | |", row.minutes, row.strides))
        }
    }

    /// The child passes: each prints `key value` pairs.
    static func child(_ pass: String, folder: URL) throws {
        switch pass {
        case "read-stream":
            let before = cpuSeconds()
            let session = try SessionFolder.open(folder)
            var samples = 0
            for sensor in session.manifest.sensors {
                var reader = try session.reader(for: sensor, blockSize: 4096)
                while let block = try reader.nextBlock() { samples += block.count }
            }
            print("samples \(samples) cpu \(cpuSeconds() - before) peakMB \(peakResidentMegabytes())")
        case "analyse-files":
            let before = cpuSeconds()
            let (_, result) = try SessionAnalysis().run(folder: folder)
            print("strides \(result.strides.count) cpu \(cpuSeconds() - before) peakMB \(peakResidentMegabytes())")
        default:
            let session = try RecordedSession.read(from: folder)
            let before = cpuSeconds()
            let result = SessionAnalysis().run(session)
            print("strides \(result.strides.count) cpu \(cpuSeconds() - before) peakMB \(peakResidentMegabytes())")
        }
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
