import Foundation
import Testing

/// `gait analyze` as a user runs it, on the bundled fixtures.
@Suite(.serialized) struct AnalyzeCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["run-all-sensors", "run-imu-only", "run-pathological", "run-with-gaps"])
    func analyzesEveryFixture(_ fixture: String) throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let reportPath = folder.appendingPathComponent("report.json").path
        let result = try GaitCommandRunner.run(["analyze", Self.repository.appendingPathComponent("Fixtures/\(fixture)").path,
                                                "--json", reportPath])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("Summary"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath))) as? [String: Any])
        #expect(json["format"] as? String == "gait-report/1")
        let strides = try #require(json["strides"] as? [[String: Any]])
        if fixture == "run-imu-only" {
            // No insoles: footstrikes come from the foot IMUs, and the report says so. (On this
            // midfoot-strike fixture they find none — a known gap, see ImuEventAccuracyTests —
            // and none is invented.)
            let warnings = try #require(json["warnings"] as? [[String: Any]])
            #expect(warnings.filter { $0["code"] as? String == "imu-events" }.count == 2)
            #expect(strides.allSatisfy { $0["eventSource"] as? String == "imu" })
        } else {
            #expect(strides.count > 50)
        }
    }

    @Test func saysWhenTheReportCannotBeWritten() throws {
        let result = try GaitCommandRunner.run(["analyze", Self.repository.appendingPathComponent("Fixtures/run-all-sensors").path,
                                                "--json", "/nonexistent-folder/report.json", "--quiet"])
        #expect(result.status == 73)
        #expect(result.standardError.contains("/nonexistent-folder/report.json") && result.standardError.contains("Fix:"))
    }

    @Test func rejectsAMissingSessionNamingWhatIsWrong() throws {
        let result = try GaitCommandRunner.run(["analyze", "/nonexistent/session"])
        #expect(result.status == 65)
        #expect(result.standardError.contains("session.json"))
        #expect(result.standardError.contains("Fix:"))
    }
}
