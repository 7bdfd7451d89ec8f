import Foundation

/// The virtual nodes (the real firmware core, `Firmware/build/virtual-node`) of one fixture
/// session, each on a pseudo-terminal of its own, waiting for START.
final class VirtualNodeFleet {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Fixtures")

    /// One running node: its process and the stderr it wrote after the `PTY` line.
    private struct Node {
        var sensor: String
        var process: Process
        var errors: Pipe
    }

    private let session: String
    private let speed: Double
    /// A folder of stable names (symbolic links) for the ptys, when asked for: a node restarted
    /// there is found again at the same path, as a real one is under /dev/serial/by-id.
    private let linkFolder: URL?
    private var nodes: [Node] = []
    /// Sensor id → the port to give the recorder: the pty's slave, e.g. /dev/pts/3, or its link.
    private(set) var ports: [(sensor: String, path: String)] = []

    /// - Parameters:
    ///   - speed: replay speed (the nodes' clocks run this many times faster than real time).
    ///   - stableLinks: name each pty by a symbolic link that a restarted node takes over.
    init(session: String, sensors: [String], speed: Double, stableLinks: Bool = false) throws {
        self.session = session
        self.speed = speed
        linkFolder = stableLinks ? try GaitCommandRunner.temporaryFolder() : nil
        for sensor in sensors {
            let (node, port) = try launch(sensor: sensor, fromS: 0)
            nodes.append(node)
            ports.append((sensor, port))
        }
    }

    private func launch(sensor: String, fromS: Double) throws -> (Node, String) {
        let binary = try Self.virtualNode()
        let process = Process(), errors = Pipe()
        process.executableURL = binary
        process.arguments = ["--session", Self.fixtures.appendingPathComponent(session).path, "--sensor", sensor, "--pty",
                             "--wait-start", "--hold", "--speed", String(speed), "--from", String(fromS)]
            + (linkFolder.map { ["--link", $0.appendingPathComponent(sensor).path] } ?? [])
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // The first line on stderr is "PTY /dev/pts/N".
        var line: [UInt8] = []
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let first = text.split(separator: "\n").first, first.hasPrefix("PTY ") else {
            if process.isRunning { process.terminate() }
            stop()
            throw LiveTestFailure("virtual-node for \(sensor) did not announce its pty: \(text)")
        }
        let port = linkFolder.map { $0.appendingPathComponent(sensor).path } ?? String(first.dropFirst(4))
        return (Node(sensor: sensor, process: process, errors: errors), port)
    }

    /// Kills a node at once (SIGKILL: a node whose power is cut).
    func kill(sensor: String) {
        guard let node = nodes.last(where: { $0.sensor == sensor }) else { return }
        Foundation.kill(node.process.processIdentifier, SIGKILL)
        node.process.waitUntilExit()
    }

    /// Starts the sensor's node again, `fromS` seconds into its file, on a new pty behind the
    /// same link (needs `stableLinks`); it waits for START like the first.
    func restart(sensor: String, fromS: Double) throws {
        let (node, _) = try launch(sensor: sensor, fromS: fromS)
        nodes.append(node)
    }

    /// `--port PATH` for each node (the nodes know their placements).
    var portArguments: [String] { ports.flatMap { ["--port", $0.path] } }

    /// Seconds of session in the fixtures the fleets replay (`Fixtures/run-all-sensors`).
    static let fixtureDurationS = 30.0
    /// `gait record --duration` that takes in a whole fixture: its last sample, and a little
    /// more. The nodes hold their links at the end of the file (`--hold`), as real nodes do, so
    /// the recorder ends the session, and its STOP brings in every sample.
    static let recordWholeFixture = ["--duration", String(fixtureDurationS + 0.5)]

    static func virtualNode() throws -> URL {
        let binary = repository.appendingPathComponent("Firmware/build/virtual-node")
        if !FileManager.default.isExecutableFile(atPath: binary.path) {
            let make = Process()
            make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            make.arguments = ["make", "-C", repository.appendingPathComponent("Firmware").path, "virtual-node"]
            make.standardOutput = FileHandle.nullDevice
            try make.run()
            make.waitUntilExit()
        }
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw LiveTestFailure("Firmware/build/virtual-node is missing and `make -C Firmware virtual-node` did not build it")
        }
        return binary
    }

    /// Rows each run of the sensor's node says it sent ("N of M rows sent"), once they have
    /// exited (the recorder closed their ports).
    func rowsSent(sensor: String, timeoutS: Double = 5) -> [Int] {
        nodes.filter { $0.sensor == sensor }.compactMap { node in
            let deadline = Date().addingTimeInterval(timeoutS)
            while node.process.isRunning && Date() < deadline { usleep(10_000) }
            guard !node.process.isRunning else { return nil }
            let text = String(decoding: node.errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            guard let range = text.range(of: #"(\d+) of \d+ rows sent"#, options: .regularExpression) else { return nil }
            return Int(text[range].split(separator: " ")[0])
        }
    }

    func stop() {
        for node in nodes where node.process.isRunning { node.process.terminate() }
        for node in nodes {
            let deadline = Date().addingTimeInterval(1)
            while node.process.isRunning && Date() < deadline { usleep(10_000) }
            if node.process.isRunning { Foundation.kill(node.process.processIdentifier, SIGKILL) }
            node.process.waitUntilExit()
        }
        if let linkFolder { try? FileManager.default.removeItem(at: linkFolder) }
    }

    deinit { stop() }
}

/// `gait record` running in the background, its output collected as it comes.
final class RecorderProcess: @unchecked Sendable {
    // `@unchecked Sendable`, and why that is safe: `output` and `errors` are written only inside
    // `lock`, by the pipes' readability handlers, and read only inside `lock`; the rest is set in init.
    let process = Process()
    private let lock = NSLock()
    private var output = Data(), errors = Data()

    init(_ arguments: [String]) throws {
        process.executableURL = GaitCommandRunner.executable
        process.arguments = arguments
        let outputPipe = Pipe(), errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        outputPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock(); self.output += data; self.lock.unlock()
        }
        errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self else { return }
            self.lock.lock(); self.errors += data; self.lock.unlock()
        }
        try process.run()
    }

    var standardOutput: String { lock.lock(); defer { lock.unlock() }; return String(decoding: output, as: UTF8.self) }
    var standardError: String { lock.lock(); defer { lock.unlock() }; return String(decoding: errors, as: UTF8.self) }

    /// Waits for the process to end (SIGKILL after `timeoutS`); its exit status.
    func wait(timeoutS: Double) -> Int32 {
        let deadline = Date().addingTimeInterval(timeoutS)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        usleep(100_000)  // the readability handlers' last data
        return process.terminationStatus
    }
}

struct LiveTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
