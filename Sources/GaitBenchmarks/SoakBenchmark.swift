import Foundation
import GaitCore
import GaitLive
import GaitSessionFiles
import GaitSimulation

/// `gait-benchmarks soak`: hours of recording from 9 virtual nodes at 1 kHz (the real firmware
/// core, replaying a 2-minute simulated session in a loop on one continuous clock), while nodes
/// are unplugged and plugged back (killed with SIGKILL, started again at the same port name) and,
/// at the end, the disk fills up. It reports:
/// - resident memory every 30 s (flat: the recorder holds a window, not the session);
/// - each outage injected against the outages the recorder reported (its interval, or none);
/// - how the disk-full ended the session (the message), and that everything on disk still reads:
///   every sensor file parsed to its end, its gaps exactly the reported outages.
///
/// The disk-full phase fills the file system of `--folder` with a ballast file: give it a small
/// file system of its own (`scripts/soak` mounts a tmpfs), never the machine's disk.
struct SoakBenchmark {
    let minutes: Double
    let outageEveryS: Double
    let outageS: Double
    /// Minutes into the run at which the disk is filled; nil: never.
    let fillDiskAtMinute: Double?
    let analyse: Bool
    /// Where the recording goes (and the ballast, on the same file system).
    let folder: URL
    let virtualNode: URL

    static let sensors = ["pelvis", "left_thigh", "right_thigh", "left_shank", "right_shank", "left_foot", "right_foot",
                          "left_insole", "right_insole"]
    /// Length of the simulated session the nodes loop over, s.
    static let loopS = 120.0

    /// An outage made by the benchmark: which node, and when (session time) it was killed.
    struct Injected {
        var sensor: String
        var killedS: Double
        var restartedS: Double?
    }

    func run() throws {
        let source = try simulatedSource()
        let links = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gait-soak-links-\(getpid())")
        try FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: links) }
        var nodes: [String: Process] = [:]
        defer { nodes.values.forEach { if $0.isRunning { kill($0.processIdentifier, SIGKILL) } } }
        for sensor in Self.sensors {
            nodes[sensor] = try launchNode(source: source, sensor: sensor, link: links.appendingPathComponent(sensor), fromS: 0)
        }
        let recording = folder.appendingPathComponent("soak-recording-\(UUID().uuidString)")
        let session = try LiveSession(folder: recording,
                                      ports: Self.sensors.map { LiveSession.Port(path: links.appendingPathComponent($0).path, placement: nil) },
                                      analyse: analyse, log: { FileHandle.standardError.write(Data("soak: \($0)\n".utf8)) })
        session.start()
        print(String(format: "Soak: %g min from 9 virtual nodes at 1 kHz; a node unplugged for %g s every %g s%@; recording to %@",
                     minutes, outageS, outageEveryS,
                     fillDiskAtMinute.map { String(format: "; the disk filled at %g min", $0) } ?? "", recording.path))

        var injected: [Injected] = []
        var memory: [(minutes: Double, megabytes: Double)] = []
        var nextMemoryS = 0.0, nextOutageS = outageEveryS, ballastWritten = false
        var endedBy = "the duration"
        while session.elapsedS < minutes * 60 {
            let nowS = session.elapsedS
            if nowS >= nextMemoryS {
                memory.append((nowS / 60, LiveBenchmark.residentMegabytes()))
                nextMemoryS += 30
            }
            if nowS >= nextOutageS {
                // Unplug the next node in turn.
                let sensor = Self.sensors[injected.count % Self.sensors.count]
                if let node = nodes[sensor] {
                    kill(node.processIdentifier, SIGKILL)
                    node.waitUntilExit()
                }
                injected.append(Injected(sensor: sensor, killedS: session.elapsedS))
                nextOutageS += outageEveryS
            }
            if let last = injected.indices.last, injected[last].restartedS == nil, nowS >= injected[last].killedS + outageS {
                let sensor = injected[last].sensor
                // Plugged back: it carries on from where the session is in its (looping) file.
                nodes[sensor] = try launchNode(source: source, sensor: sensor, link: links.appendingPathComponent(sensor),
                                               fromS: nowS.truncatingRemainder(dividingBy: Self.loopS))
                injected[last].restartedS = nowS
            }
            if let fillDiskAtMinute, !ballastWritten, nowS >= fillDiskAtMinute * 60 {
                let written = Self.fillFileSystem(of: folder)
                print(String(format: "%.1f min: the disk is full (a %.0f MB ballast file written beside the recording)", nowS / 60, Double(written) / 1e6))
                ballastWritten = true
            }
            if let failure = session.writeFailure {
                endedBy = "a write failure: \(failure)"
                break
            }
            usleep(100_000)
        }
        let endS = session.elapsedS
        memory.append((endS / 60, LiveBenchmark.residentMegabytes()))
        var stopMessage = "stopped cleanly"
        do {
            _ = try session.stop()
        } catch {
            stopMessage = "stopped with: \(error)"
        }
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("ballast"))
        print(String(format: "ended at %.1f min by %@; %@", endS / 60, endedBy, stopMessage))

        report(memory: memory)
        try compare(injected: injected, session: session, recording: recording)
        try FileManager.default.removeItem(at: recording)
    }

    private func report(memory: [(minutes: Double, megabytes: Double)]) {
        print("resident memory, MB: " + memory.map { String(format: "%.1f min %.1f", $0.minutes, $0.megabytes) }.joined(separator: ", "))
        let steady = memory.filter { $0.minutes >= 1 }
        if let low = steady.map(\.megabytes).min(), let high = steady.map(\.megabytes).max() {
            print(String(format: "memory from 1 min to the end: between %.1f and %.1f MB", low, high))
        }
    }

    /// Injected outages against reported ones, and the files as they are on disk.
    private func compare(injected: [Injected], session: LiveSession, recording: URL) throws {
        var matched = 0, unexplained: [String] = []
        var reportedBySensor: [String: [LiveDevice.Outage]] = [:]
        for (index, device) in session.devices.enumerated() { reportedBySensor[Self.sensors[index]] = device.outages }
        for sensor in Self.sensors {
            var reported = reportedBySensor[sensor] ?? []
            for outage in injected where outage.sensor == sensor {
                // The reported outage starts at the node's last sample before the kill.
                if let index = reported.firstIndex(where: { $0.fromS <= outage.killedS + 0.1 && $0.fromS >= outage.killedS - 0.5 }) {
                    matched += 1
                    reported.remove(at: index)
                }
            }
            unexplained += reported.map { String(format: "%@ %.3f–%@", sensor, $0.fromS, $0.toS.map { String(format: "%.3f s", $0) } ?? "end") }
        }
        print("outages injected: \(injected.count); reported with their interval: \(matched); reported but not injected: \(unexplained.count)\(unexplained.isEmpty ? "" : " (\(unexplained.joined(separator: ", ")))")")

        // Everything on disk reads: each file to its end, its gaps the reported outages.
        let opened = try SessionFolder.open(recording)
        var samples = 0, partial = 0, gapsMatchingOutages = 0, gaps = 0
        for (index, sensor) in opened.manifest.sensors.enumerated() {
            var reader = try opened.reader(for: sensor, blockSize: 65536)
            while try reader.nextBlock() != nil {}
            samples += reader.samplesRead
            if reader.truncatedLastLine != nil { partial += 1 }
            gaps += reader.gapCount
            let outages = session.devices[index].outages
            gapsMatchingOutages += reader.gaps.filter { gap in outages.contains { abs($0.fromS - gap.start) < 1e-6 && abs(($0.toS ?? -1) - gap.end) < 1e-6 } }.count
        }
        print("on disk: \(samples) samples in 9 files, all read to the end; \(partial) file(s) end in a line cut short by the full disk (reported, left out); \(gaps) gaps, \(gapsMatchingOutages) of them exactly a reported outage")
    }

    /// The 2-minute session the nodes loop over: 7 IMUs and 2 insoles, all at 1 kHz.
    private func simulatedSource() throws -> URL {
        let source = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gait-soak-source-1kHz")
        if !FileManager.default.fileExists(atPath: source.appendingPathComponent("session.json").path) {
            var options = SimulationOptions()
            options.seed = 2029
            options.standingS = 10
            options.transitionS = 2
            options.gaitS = Self.loopS - 12
            options.imuRateHz = 1000
            options.insoleRateHz = 1000
            print("Simulating the 2-minute session the nodes loop over …")
            try SessionSimulator(options: options).write(to: source)
        }
        return source
    }

    private func launchNode(source: URL, sensor: String, link: URL, fromS: Double) throws -> Process {
        try VirtualNodeLaunch.start(virtualNode, arguments: ["--session", source.path, "--sensor", sensor, "--pty", "--wait-start", "--hold",
                                                             "--loop", "--from", String(format: "%.3f", fromS), "--link", link.path, "--quiet"],
                                    sensor: sensor).process
    }

    /// Writes a ballast file beside `folder` until its file system is full; the bytes written.
    static func fillFileSystem(of folder: URL) -> Int64 {
        let path = folder.appendingPathComponent("ballast").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        var written: Int64 = 0
        while true {
            let result = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if result <= 0 { break }
            written += Int64(result)
        }
        return written
    }
}
