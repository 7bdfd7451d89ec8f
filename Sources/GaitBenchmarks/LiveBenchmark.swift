import Foundation
import GaitAnalysis
import GaitCore
import GaitIngestion
import GaitLive
import GaitSessionFiles
import GaitSimulation

/// `gait-benchmarks live`: a live session at real time from 9 virtual nodes (the real firmware
/// core on ptys): 7 IMUs at 1 kHz and 2 insoles at 200 Hz. Measures, in this process (the
/// recorder: transports, decoding, clock mapping, CSV writing, the analysis):
/// - latency: from the arrival of the last sample a stride needs (its toe-off + the look-ahead,
///   on every sensor) to the stride's result, p50 / p99 / max;
/// - CPU: user + system time over wall time, in % of one core;
/// - memory: resident set every 10 s; flat means the window, not the session, bounds it.
struct LiveBenchmark {
    let minutes: Double
    let insoleRateHz: Double
    /// False: record only (the recorder's own CPU, without the analysis).
    let analyse: Bool
    let folder: URL
    let virtualNode: URL

    func run() throws {
        let sessionFolder = folder.appendingPathComponent(String(format: "live-%.0fmin-insoles-%.0fHz", minutes, insoleRateHz))
        var options = SimulationOptions()
        options.seed = 2028
        options.standingS = 10
        options.transitionS = 2
        options.gaitS = minutes * 60 - 12
        options.imuRateHz = 1000
        options.insoleRateHz = insoleRateHz
        if !FileManager.default.fileExists(atPath: sessionFolder.appendingPathComponent("session.json").path) {
            print(String(format: "Simulating %.1f min, 7 IMUs at 1 kHz + 2 insoles at %.0f Hz …", minutes, insoleRateHz))
            try SessionSimulator(options: options).write(to: sessionFolder)
        }
        let manifest = try SessionFolder.open(sessionFolder).manifest
        var nodes: [Process] = [], ports: [LiveSession.Port] = []
        defer { nodes.forEach { if $0.isRunning { $0.terminate() } } }
        for sensor in manifest.sensors {
            let (process, port) = try launchNode(session: sessionFolder, sensor: sensor.id)
            nodes.append(process)
            ports.append(LiveSession.Port(path: port, placement: nil))
        }
        let recording = folder.appendingPathComponent("live-recording-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: recording) }

        let arrivals = Locked<[[(lastTimeS: Double, arrivedUs: UInt64)]]>(Array(repeating: [], count: ports.count))
        let latenciesMs = Locked<[Double]>([])
        let firstOutputUs = Locked<UInt64?>(nil)
        let warmUpStrides = Locked(0)
        let lookAheadS = AnalysisConfiguration().lookAheadS
        let session = try LiveSession(
            folder: recording, ports: ports, analyse: analyse, log: { FileHandle.standardError.write(Data("live: \($0)\n".utf8)) },
            onBlock: { index, block, arrivedUs in
                arrivals.withLock { lists in
                    lists[index].append((block.timesS[block.count - 1], arrivedUs))
                    if lists[index].count > 4096 { lists[index].removeFirst(2048) }  // the last few seconds are enough
                }
            },
            onStride: { stride in
                let doneUs = HostClock.nowUs()
                let neededS = stride.toeOffS + lookAheadS
                // The arrival of the block that took each sensor past the time the stride needs; the latest of them.
                let lastNeededUs = arrivals.withLock { lists -> UInt64? in
                    var latest: UInt64 = 0
                    for list in lists {
                        guard let first = list.first(where: { $0.lastTimeS >= neededS }) else { return nil }
                        latest = max(latest, first.arrivedUs)
                    }
                    return latest
                }
                // The strides of the warm-up come out together once the sensors are calibrated, long
                // after their data: they are counted apart, not as latency.
                let firstOutput = firstOutputUs.withLock { first -> UInt64 in
                    if first == nil { first = doneUs }
                    return first!
                }
                if let lastNeededUs, doneUs >= lastNeededUs, lastNeededUs >= firstOutput {
                    latenciesMs.withLock { $0.append(Double(doneUs - lastNeededUs) / 1000) }
                } else {
                    warmUpStrides.withLock { $0 += 1 }
                }
            })
        let startUsage = Self.cpuSeconds(), startWall = Date()
        session.start()
        print(String(format: "Recording %.1f min live from %d virtual nodes …", minutes, ports.count))
        var memory: [(minutes: Double, megabytes: Double)] = []
        var nextSampleS = 0.0
        // The nodes hold their links at the end of the file, as real nodes do; the session ends
        // just after the file's last sample, and STOP brings every sample in.
        let endS = minutes * 60 + 0.5
        while session.elapsedS < endS && !session.allDevicesGone(forS: 2) {
            let elapsed = Date().timeIntervalSince(startWall)
            if elapsed >= nextSampleS {
                memory.append((elapsed / 60, Self.residentMegabytes()))
                nextSampleS += 10
            }
            usleep(100_000)
        }
        let cpu = Self.cpuSeconds() - startUsage, wall = Date().timeIntervalSince(startWall)
        _ = try session.stop()
        let sorted = latenciesMs.withLock { $0 }.sorted()
        let samples = session.devices.map { $0.snapshot() }
        print("samples recorded: \(samples.map(\.samplesRecorded).reduce(0, +)); missing \(samples.map(\.samplesMissing).reduce(0, +)), not recorded \(samples.map(\.samplesNotRecorded).reduce(0, +))")
        let steady = memory.filter { $0.minutes >= 0.5 }
        print("resident memory, MB: " + memory.map { String(format: "%.1f min %.1f", $0.minutes, $0.megabytes) }.joined(separator: ", "))
        if let first = steady.first, let last = steady.last {
            print(String(format: "memory from 0.5 min to the end: %.1f → %.1f MB", first.megabytes, last.megabytes))
        }
        guard analyse else {
            print(String(format: "recorder CPU, recording only: %.1f %% of one core over %.0f s", 100 * cpu / wall, wall))
            return
        }
        guard !sorted.isEmpty else { throw LiveSessionError("no stride came out: nothing to measure") }
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)] }
        print("strides measured once calibrated: \(sorted.count); out together at calibration (the warm-up's): \(warmUpStrides.withLock { $0 })")
        print(String(format: "strides %d; latency from the last needed sample to the stride: p50 %.1f ms, p99 %.1f ms, max %.1f ms (goal p99 ≤ 20 ms)",
                     sorted.count, percentile(0.5), percentile(0.99), sorted.last!))
        print(String(format: "recorder CPU: %.1f %% of one core over %.0f s (goal < 10 %%)", 100 * cpu / wall, wall))
    }

    private func launchNode(session: URL, sensor: String) throws -> (Process, String) {
        try VirtualNodeLaunch.start(virtualNode, arguments: ["--session", session.path, "--sensor", sensor, "--pty", "--wait-start", "--hold"],
                                    sensor: sensor)
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    static func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return .nan }
        return kilobytes / 1024
    }
}
