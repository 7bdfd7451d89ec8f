import Foundation
import Testing

/// `gait report`, `gait analyze --html/--csv/--athlete`, `gait sessions` and `gait history` as a
/// user runs them.
@Suite(.serialized) struct ReportCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let reportFixture = repository.appendingPathComponent("Tests/GaitReportsTests/Fixtures/run-pathological.report.json").path

    static func run(_ arguments: [String], environment: [String: String]) throws -> GaitCommandRunner.Result {
        try GaitCommandRunner.run(arguments, environment: environment)
    }

    @Test func analyzeWritesTheViewsAndFilesTheSession() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("report.html").path, csv = folder.appendingPathComponent("strides.csv").path
        let database = folder.appendingPathComponent("store/sessions.sqlite").path
        let json = folder.appendingPathComponent("report.json").path
        let result = try GaitCommandRunner.run(["analyze", Self.repository.appendingPathComponent("Fixtures/run-pathological").path,
                                                "--quiet", "--json", json, "--html", html, "--csv", csv, "--athlete", "Ana Ruiz",
                                                "--recorded-at", "2026-11-03", "--database", database])
        #expect(result.status == 0, "\(result.standardError)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg"))
        #expect(!page.contains("src=\"http") && !page.contains("href=\"http"), "self-contained: nothing fetched")
        // The views and the store hold the strides of the JSON written in the same run.
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let strides = try #require(report["strides"] as? [[String: Any]])
        let rows = try String(contentsOfFile: csv, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == strides.count + 1)
        let left = strides.filter { $0["side"] as? String == "left" }.count
        let listing = try GaitCommandRunner.run(["sessions", "--database", database])
        #expect(listing.status == 0)
        #expect(listing.standardOutput.contains("Ana Ruiz") && listing.standardOutput.contains("2026-11-03")
            && listing.standardOutput.contains("run-pathological") && listing.standardOutput.contains("\(left)/\(strides.count - left)"),
                "\(listing.standardOutput)")
    }

    @Test func storeFromTheEnvironmentAndHistory() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["GAIT_DATABASE": folder.appendingPathComponent("s.sqlite").path]
        for date in ["2026-11-03", "2026-11-10"] {
            // The same session filed twice: the second replaces the first.
            let filed = try Self.run(["report", Self.reportFixture, "--athlete", "Ana", "--recorded-at", date], environment: environment)
            #expect(filed.status == 0, "\(filed.standardError)")
        }
        let listing = try Self.run(["sessions"], environment: environment)
        #expect(listing.standardOutput.contains("1 session in"))
        #expect(listing.standardOutput.contains("2026-11-10") && !listing.standardOutput.contains("2026-11-03"))
        let page = folder.appendingPathComponent("history.html").path
        let history = try Self.run(["history", "Ana", "--html", page], environment: environment)
        #expect(history.status == 0, "\(history.standardError)")
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("Gait history: Ana"))
        let unknown = try Self.run(["history", "Anna", "--html", page], environment: environment)
        #expect(unknown.status == 65)
        #expect(unknown.standardError.contains("\"Anna\"") && unknown.standardError.contains("Fix:"))
    }

    @Test func badReportInputIsNamed() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("r.html").path
        let missing = try GaitCommandRunner.run(["report", "/nonexistent/week3.json", "--html", out])
        #expect(missing.status == 65)
        #expect(missing.standardError.contains("/nonexistent/week3.json: no such file") && missing.standardError.contains("Fix:"))

        let foreign = folder.appendingPathComponent("package.json")
        try Data(#"{"name": "left-pad", "version": "1.3.0"}"#.utf8).write(to: foreign)
        let notAReport = try GaitCommandRunner.run(["report", foreign.path, "--html", out])
        #expect(notAReport.status == 65 && notAReport.standardError.contains("at format") && notAReport.standardError.contains("not a gait report"))

        let newer = folder.appendingPathComponent("newer.json")
        let text = try String(contentsOfFile: Self.reportFixture, encoding: .utf8).replacingOccurrences(of: "gait-report/1", with: "gait-report/2")
        try Data(text.utf8).write(to: newer)
        let version = try GaitCommandRunner.run(["report", newer.path, "--csv", out])
        #expect(version.status == 65 && version.standardError.contains("\"gait-report/2\""))
        #expect(!FileManager.default.fileExists(atPath: out), "nothing written from a rejected report")

        let nothing = try GaitCommandRunner.run(["report", Self.reportFixture])
        #expect(nothing.status == 64 && nothing.standardError.contains("--html"))

        let unwritable = try GaitCommandRunner.run(["report", Self.reportFixture, "--html", "/nonexistent-folder/r.html"])
        #expect(unwritable.status == 73 && unwritable.standardError.contains("/nonexistent-folder/r.html") && unwritable.standardError.contains("Fix:"))

        let badDate = try GaitCommandRunner.run(["report", Self.reportFixture, "--athlete", "Ana", "--recorded-at", "last tuesday"])
        #expect(badDate.status == 64)
    }

    @Test func helpNamesTheViews() throws {
        let help = try GaitCommandRunner.run(["report", "--help"])
        #expect(help.standardOutput.contains("--html") && help.standardOutput.contains("--csv") && help.standardOutput.contains("--athlete")
            && help.standardOutput.contains("--database"))
        let top = try GaitCommandRunner.run(["--help"])
        for command in ["report", "sessions", "history"] { #expect(top.standardOutput.contains(command)) }
    }
}
