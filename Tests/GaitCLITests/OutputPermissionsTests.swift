import Foundation
import Testing

/// Everything gait writes from an athlete's session holds that athlete's data: reports, views,
/// the history page and exports are created owner-only (0600), as recordings and the store are —
/// under the most permissive umask, and over a file that was world-readable before.
@Suite(.serialized) struct OutputPermissionsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = repository.appendingPathComponent("Fixtures/run-pathological").path

    /// Runs `gait` with umask 000, so that any permission not set by gait itself would show.
    func runUnmasked(_ arguments: [String]) throws -> GaitCommandRunner.Result {
        let quoted = ([GaitCommandRunner.executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask 000 && exec " + quoted.joined(separator: " ")]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
                     standardError: String(decoding: errorData, as: UTF8.self))
    }

    func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue)
    }

    @Test func reportsViewsHistoryAndExportsAreOwnerOnly() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        // One output exists already, readable by everyone: it must be narrowed, not kept.
        _ = FileManager.default.createFile(atPath: path("b.html"), contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])

        let analyze = try runUnmasked(["analyze", Self.fixture, "--json", path("a.json"), "--html", path("b.html"), "--csv", path("c.csv"),
                                       "--athlete", "Ana Ruiz", "--database", path("store.sqlite"), "--quiet"])
        #expect(analyze.status == 0, "\(analyze.standardError)")
        let report = try runUnmasked(["report", path("a.json"), "--html", path("report.html"), "--csv", path("report.csv")])
        #expect(report.status == 0, "\(report.standardError)")
        let history = try runUnmasked(["history", "Ana Ruiz", "--html", path("history.html"), "--database", path("store.sqlite")])
        #expect(history.status == 0, "\(history.standardError)")
        let export = try runUnmasked(["export", Self.fixture, "--orientations", path("o.sto"), "--c3d", path("angles.c3d")])
        #expect(export.status == 0, "\(export.standardError)")
        let csvExport = try runUnmasked(["export", Self.fixture, "--orientations", path("o.csv"), "--rate-hz", "50"])
        #expect(csvExport.status == 0, "\(csvExport.standardError)")

        let outputs = ["a.json", "b.html", "c.csv", "store.sqlite", "report.html", "report.csv", "history.html", "o.sto", "angles.c3d", "o.csv"]
        for name in outputs {
            let mode = try permissions(path(name))
            #expect(mode == 0o600, "\(name) is \(String(mode, radix: 8))")
        }
        // Nothing else was left behind (the atomic writes' temporary files, say).
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix("store.sqlite") }
        #expect(Set(left) == Set(outputs).subtracting(["store.sqlite"]), "\(left.sorted())")
    }

    @Test func anImportedSessionIsOwnerOnly() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("""
            { "format": "gait-import-mapping/1", "sensors": [ { "id": "p", "kind": "imu", "placement": "pelvis", "file": "p.csv", "rateHz": 100,
              "time": { "column": "t", "unit": "s" },
              "columns": { "ax": { "column": "ax", "unit": "m/s2" }, "ay": { "column": "ay", "unit": "m/s2" }, "az": { "column": "az", "unit": "m/s2" },
                           "gx": { "column": "gx", "unit": "rad/s" }, "gy": { "column": "gy", "unit": "rad/s" }, "gz": { "column": "gz", "unit": "rad/s" } } } ] }
            """.utf8).write(to: folder.appendingPathComponent("mapping.json"))
        try Data("t,ax,ay,az,gx,gy,gz\n0,0,0,9.81,0,0,0\n0.01,0,0,9.81,0,0,0\n".utf8).write(to: folder.appendingPathComponent("p.csv"))
        let out = folder.appendingPathComponent("imported")
        let result = try runUnmasked(["import", folder.path, "--mapping", folder.appendingPathComponent("mapping.json").path, "--out", out.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try permissions(out.path) == 0o700)
        for name in ["session.json", "p.csv"] {
            #expect(try permissions(out.appendingPathComponent(name).path) == 0o600, "\(name)")
        }
    }
}
