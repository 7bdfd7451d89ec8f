import Foundation

/// The virtual nodes (the real firmware core, `Firmware/build/virtual-node`) of one fixture
/// session, each on a pseudo-terminal of its own, waiting for START.
final class VirtualNodeFleet {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Fixtures")

    private(set) var processes: [Process] = []
    /// Sensor id → its pty's slave, e.g. /dev/pts/3.
    private(set) var ports: [(sensor: String, path: String)] = []

    /// - Parameter speed: replay speed (the nodes' clocks run this many times faster than real time).
    init(session: String, sensors: [String], speed: Double) throws {
        let binary = try Self.virtualNode()
        for sensor in sensors {
            let process = Process(), errors = Pipe()
            process.executableURL = binary
            process.arguments = ["--session", Self.fixtures.appendingPathComponent(session).path, "--sensor", sensor, "--pty",
                                 "--wait-start", "--speed", String(speed)]
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            processes.append(process)
            // The first line on stderr is "PTY /dev/pts/N".
            var line: [UInt8] = []
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line += chunk
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let first = text.split(separator: "\n").first, first.hasPrefix("PTY ") else {
                stop()
                throw LiveTestFailure("virtual-node for \(sensor) did not announce its pty: \(text)")
            }
            ports.append((sensor, String(first.dropFirst(4))))
        }
    }

    /// `--port PATH` for each node (the nodes know their placements).
    var portArguments: [String] { ports.flatMap { ["--port", $0.path] } }

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

    func stop() {
        for process in processes where process.isRunning { process.terminate() }
        for process in processes {
            let deadline = Date().addingTimeInterval(1)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
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
