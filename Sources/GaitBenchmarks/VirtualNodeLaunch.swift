import Foundation
import GaitLive

/// Starts the firmware's virtual node (`Firmware/build/virtual-node --pty …`) and waits for the
/// line it prints first on standard error, `PTY /dev/pts/N`: the port to record.
enum VirtualNodeLaunch {
    static func start(_ binary: URL, arguments: [String], sensor: String) throws -> (process: Process, pty: String) {
        let process = Process(), errors = Pipe()
        process.executableURL = binary
        process.arguments = arguments
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let first = text.split(separator: "\n").first, first.hasPrefix("PTY ") else {
            if process.isRunning { process.terminate() }
            throw LiveSessionError("virtual-node for \(sensor) did not announce its pty: \(text)")
        }
        return (process, String(first.dropFirst(4)))
    }
}
