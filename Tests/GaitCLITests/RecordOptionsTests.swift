import Foundation
import Testing

/// `gait record`'s checks of the live page's options, before any device is opened.
struct RecordOptionsTests {
    @Test func dashboardAddressMustBeAnIPAddress() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for address in ["evil.example", "localhost", "127.0.0.1:8765", ""] {
            let result = try GaitCommandRunner.run(["record", "--out", folder.appendingPathComponent("s").path, "--port", "/dev/null",
                                                    "--live", "--dashboard", "--dashboard-address", address])
            #expect(result.status == 64, "\(address): \(result.standardError)")
            #expect(result.standardError.contains("--dashboard-address") && result.standardError.contains("is not an IP address"),
                    "\(address): \(result.standardError)")
        }
        let help = try GaitCommandRunner.run(["record", "--help"])
        #expect(help.standardOutput.contains("--dashboard-address") && help.standardOutput.contains("access token"))
    }
}
