import Foundation
import GaitCore
import GaitSessionFiles
import GaitSimulation

/// Reader throughput on a long session, beside the speed of reading the same bytes unparsed.
///
/// The session is one simulated minute of running (7 IMUs at 1 kHz, all sensor errors on), tiled
/// `minutes` times with its times shifted: the reader sees realistic numbers at realistic length
/// without an hour of simulation.
struct ReaderBenchmark {
    let minutes: Int
    let folder: URL
    let keep: Bool

    func run() throws {
        print("Writing a \(minutes)-minute session, 7 IMUs at 1 kHz, to \(folder.path) …")
        let writeStart = Date()
        let manifest = try writeSession()
        let bytes = try manifest.sensors.reduce(0) { total, sensor in
            total + (try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(sensor.file).path)[.size] as! Int)
        }
        print(String(format: "  %.0f MB written in %.1f s", Double(bytes) / 1e6, Date().timeIntervalSince(writeStart)))

        // Warm the page cache, so both passes read from memory and compare parsing, not the disk.
        _ = try baselinePass(manifest)
        let baseline = try time { try baselinePass(manifest) }
        let reader = try time { try Self.readerPass(folder: folder) }
        let samples = reader.value
        let readOnlyPeakMB = try readerPeakMemoryInChildProcess()
        let mb = Double(bytes) / 1e6
        print("")
        print("| pass | time s | MB/s | samples/s |")
        print("|---|---|---|---|")
        print(String(format: "| baseline: read(2) 1 MiB blocks, count line ends | %.2f | %.0f | %.2e |",
                     baseline.seconds, mb / baseline.seconds, Double(baseline.value) / baseline.seconds))
        print(String(format: "| session reader (parse, validate, find gaps) | %.2f | %.0f | %.2e |",
                     reader.seconds, mb / reader.seconds, Double(samples) / reader.seconds))
        print(String(format: "\nreader / baseline time: %.1f×; %d samples; peak resident memory of a process that only reads the session: %.0f MB",
                     reader.seconds / baseline.seconds, samples, readOnlyPeakMB))
        if !keep { try? FileManager.default.removeItem(at: folder) }
    }

    private func writeSession() throws -> SessionManifest {
        var options = SimulationOptions()
        options.seed = 2026
        options.standingS = 8
        options.transitionS = 2
        options.gaitS = 50
        options.placements = Placement.imuPlacements
        options.imuRateHz = 1000
        let minuteFolder = folder.appendingPathComponent("one-minute")
        try? FileManager.default.removeItem(at: folder)
        try SessionSimulator(options: options).write(to: minuteFolder)
        let minute = try RecordedSession.read(from: minuteFolder)
        var manifest = minute.manifest
        manifest.standing = TimeSpan(start: 0.5, end: 7.5)
        try SessionManifestWriter.write(manifest, to: folder)
        for recording in minute.recordings {
            let writer = try SensorFileWriter(url: folder.appendingPathComponent(recording.sensor.file), columns: recording.columns)
            let width = recording.columns.valueCount
            // Each tile continues the device's own ticks: shift by (samples per tile) / rate.
            let tileS = Double(recording.timesS.count) / recording.sensor.rateHz
            try recording.values.withUnsafeBufferPointer { values in
                for tile in 0..<minutes {
                    for (i, t) in recording.timesS.enumerated() {
                        let shifted = (t + tileS * Double(tile)).rounded(toPlaces: 6)
                        try writer.append(timeS: shifted, values: UnsafeBufferPointer(rebasing: values[(i * width)..<((i + 1) * width)]))
                    }
                }
            }
            try writer.close()
        }
        try FileManager.default.removeItem(at: minuteFolder)
        return manifest
    }

    /// Reads every byte with no parsing; returns the number of line ends.
    private func baselinePass(_ manifest: SessionManifest) throws -> Int {
        var lines = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        for sensor in manifest.sensors {
            let fd = open(folder.appendingPathComponent(sensor.file).path, O_RDONLY)
            guard fd >= 0 else { throw CocoaError(.fileReadNoSuchFile) }
            defer { close(fd) }
            while true {
                let count = read(fd, buffer.baseAddress, buffer.count)
                if count <= 0 { break }
                for byte in UnsafeRawBufferPointer(rebasing: buffer[0..<count]) where byte == 0x0A { lines += 1 }
            }
        }
        return lines - manifest.sensors.count      // minus the header lines: samples
    }

    /// Runs `gait-benchmarks read-only FOLDER` and returns the peak memory it reports, so the
    /// figure is the reader's alone (this process also held the simulated minute).
    private func readerPeakMemoryInChildProcess() throws -> Double {
        try runBenchmarkChild(["read-only", folder.path])["peakMB"] ?? .nan
    }

    /// Reads the session with the session reader; returns the number of samples.
    static func readerPass(folder: URL) throws -> Int {
        let session = try SessionFolder.open(folder)
        var samples = 0
        for sensor in session.manifest.sensors {
            var reader = try session.reader(for: sensor, blockSize: 65_536)
            while let block = try reader.nextBlock() { samples += block.count }
            precondition(reader.gapCount == 0, "the tiled session must have no gaps")
        }
        return samples
    }
}

private func time<T>(_ body: () throws -> T) throws -> (value: T, seconds: Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// Runs this benchmark program again with `arguments` and reads the `key value` pairs it prints,
/// so that a figure (memory, CPU time) belongs to that one job alone.
func runBenchmarkChild(_ arguments: [String]) throws -> [String: Double] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let words = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        .split(whereSeparator: \.isWhitespace).map(String.init)
    process.waitUntilExit()
    var values: [String: Double] = [:]
    for (key, value) in zip(words, words.dropFirst()) { if let number = Double(value) { values[key] = number } }
    return values
}

/// Peak resident set size of this process, megabytes: VmHWM of /proc/self/status, which belongs
/// to this program's own address space. (getrusage's ru_maxrss is kept across execve on Linux,
/// so a child started by a parent that had simulated a long session would report the parent's
/// peak.)
func peakResidentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return .nan }
    return kilobytes / 1024
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
