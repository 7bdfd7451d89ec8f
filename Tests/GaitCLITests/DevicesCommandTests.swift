import Foundation
import Testing

/// `gait devices` as a user runs it: nothing connected, and the virtual node on a pty.
@Suite(.serialized) struct DevicesCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func withNoNodesItSaysSoAndSucceeds() throws {
        // CI machines have no sensor node plugged in.
        let result = try GaitCommandRunner.run(["devices", "--timeout-ms", "100"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("No USB devices 1209:0001 found."))
        #expect(result.standardOutput.contains("No sensor nodes found."))
    }

    @Test func theVirtualNodeSaysWhatItIs() throws {
        let virtualNode = Self.repository.appendingPathComponent("Firmware/build/virtual-node")
        try #require(FileManager.default.isExecutableFile(atPath: virtualNode.path), "run `make -C Firmware` first")
        let node = Process()
        node.executableURL = virtualNode
        node.arguments = ["--session", Self.repository.appendingPathComponent("Fixtures/run-all-sensors").path, "--sensor", "left_shank",
                          "--pty", "--wait-start", "--device-id", "0x0123456789ABCDEF"]
        let announce = Pipe()
        node.standardError = announce
        try node.run()
        defer {
            kill(node.processIdentifier, SIGKILL)
            node.waitUntilExit()
        }
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = announce.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let pty = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map { String($0.dropFirst(4)) } ?? ""
        let result = try GaitCommandRunner.run(["devices", "--port", pty])
        #expect(result.status == 0, "\(result.standardError)")
        // What the node was started as: left_shank of run-all-sensors (200 Hz), the virtual node's
        // defaults ±16 g and ±2000 dps with the ICM-42688-P's sensitivities, firmware 0.1.0.
        #expect(result.standardOutput.contains(
            "\(pty): device 0123456789ABCDEF, firmware 0.1.0, IMU, placement left_shank, 200 Hz, ±16 g (1/2048 g per count), ±2000 °/s (10/164 °/s per count)"),
            "\(result.standardOutput)")
    }

    @Test func aMissingPortIsAUsageError() throws {
        let result = try GaitCommandRunner.run(["devices", "--port", "/dev/does-not-exist"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("--port /dev/does-not-exist: no such file"))
    }
}
