import Foundation

/// Headless Chromium from Debian's `chromium` package, run as a child process with a profile of
/// its own (so runs never share state) and a time limit (so a hung browser fails the test
/// instead of hanging CI).
enum Chromium {
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "chromium is not on PATH: install it with `apt-get install -y chromium` (.ci/run does)" }
    }

    static func executable() throws -> URL {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let path = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
            }
        }
        throw Missing()
    }

    /// Seconds a single browser run may take before it is killed (a run takes 1–3 s).
    static let timeLimitS = 60.0

    static func run(_ arguments: [String], page: URL) throws -> Run {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("gait-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = try executable()
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--disable-extensions", "--disable-background-networking", "--user-data-dir=\(profile.path)",
                             "--enable-logging=stderr", "--v=0"] + arguments + [page.absoluteString]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let deadline = DispatchTime.now() + timeLimitS
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: watchdog)
        // Read both pipes before waiting, so a full pipe cannot stall the browser.
        let errorReader = DispatchQueue(label: "chromium-stderr")
        let errorBox = DataBox()
        let group = DispatchGroup()
        errorReader.async(group: group) { errorBox.data = error.fileHandleForReading.readDataToEndOfFile() }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return Run(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                   standardError: String(decoding: errorBox.data, as: UTF8.self))
    }

    /// Lines in which the browser logged something the page wrote to its console, or an
    /// uncaught error. The report page writes nothing to the console, so any is a failure.
    static func consoleLines(_ standardError: String) -> [String] {
        standardError.split(separator: "\n").map(String.init).filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
    }
}

/// Written by one queue, read after `DispatchGroup.wait()` on another: the group's wait is the
/// happens-before edge, so no two accesses overlap.
final class DataBox: @unchecked Sendable {
    var data = Data()
}
