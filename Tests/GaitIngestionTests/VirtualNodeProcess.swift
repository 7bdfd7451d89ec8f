import Foundation
@testable import GaitIngestion

/// The virtual node (the real firmware core) serving a session sensor on a pseudo-terminal.
final class VirtualNodeProcess {
    let process = Process()
    /// The pty's slave, e.g. /dev/pts/3.
    let ptyPath: String
    /// Host clock (CLOCK_MONOTONIC, µs) just before launch and when "PTY …" was read: the node
    /// started its device clock between the two.
    let launchedUs: UInt64
    let announcedUs: UInt64
    private let errorPipe = Pipe()

    init(session: String, sensor: String, arguments: [String], environment: [String: String]? = nil) throws {
        process.executableURL = try FirmwareStreams.virtualNode()
        process.arguments = ["--session", FirmwareStreams.fixtures.appendingPathComponent(session).path, "--sensor", sensor, "--pty"]
            + arguments
        process.standardError = errorPipe
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        launchedUs = HostClock.nowUs()
        try process.run()
        // The first line on stderr is "PTY /dev/pts/N".
        var line: [UInt8] = []
        let handle = errorPipe.fileHandleForReading
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        announcedUs = HostClock.nowUs()
        let text = String(decoding: line, as: UTF8.self)
        guard let first = text.split(separator: "\n").first, first.hasPrefix("PTY ") else {
            process.terminate()
            throw TestFailure("virtual-node did not announce its pty: \(text)")
        }
        ptyPath = String(first.dropFirst(4))
    }

    /// The transport on the pty's slave, read through the Dispatch read source.
    func openTransport() throws -> FileDescriptorTransport {
        let descriptor = open(ptyPath, O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { throw TestFailure("open \(ptyPath): \(String(cString: strerror(errno)))") }
        return FileDescriptorTransport(descriptor: descriptor, name: ptyPath)
    }

    /// SIGTERM (the node then flushes and exits); SIGKILL if it has not exited within 1 s —
    /// after SIGTERM it waits up to 5 s for a reader that, in a test, is already gone.
    func stop() {
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(1)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Reads a transport's events into a decoder until `done` says so, the link ends, or `timeoutS` passes.
func decodeLive(_ transport: some DeviceTransport, timeoutS: Double,
                onEvent: @escaping @Sendable (DeviceStreamDecoder.Event, UInt64) -> Void = { _, _ in },
                done: @escaping @Sendable (DecodedStream) -> Bool) async -> (DecodedStream, DisconnectReason?) {
    let watchdog = Task {
        try await Task.sleep(nanoseconds: UInt64(timeoutS * 1e9))
        transport.close()
    }
    defer { watchdog.cancel() }
    var decoder = DeviceStreamDecoder(deviceName: transport.name)
    var result = DecodedStream()
    var reason: DisconnectReason?
    for await event in transport.events {
        switch event {
        case .bytes(let bytes):
            let arrivedUs = HostClock.nowUs()
            decoder.push(bytes) { decoded in
                result.collect(decoded)
                onEvent(decoded, arrivedUs)
            }
            result.counts = decoder.counts
            if done(result) { transport.close() }
        case .disconnected(let why):
            reason = why
            if let last = decoder.finish() { result.collect(last) }
            result.counts = decoder.counts
        }
    }
    return (result, reason)
}
