import Foundation
import XCTest

/// `gait export` and `gait import` as a user runs them: what they refuse, and with which status
/// (64 usage, 65 bad input, 73 cannot write). The numbers themselves are tested in
/// GaitInterchangeTests against the simulator's truth and independent readers.
final class ExportImportCommandTests: XCTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixture = repository.appendingPathComponent("Fixtures/run-imu-only").path

    func testExportNeedsSomethingToWriteAndKnownExtensions() throws {
        let none = try GaitCommandRunner.run(["export", Self.fixture])
        XCTAssertEqual(none.status, 64)
        XCTAssertTrue(none.standardError.contains("Nothing to export"), none.standardError)
        let text = try GaitCommandRunner.run(["export", Self.fixture, "--orientations", "out.txt"])
        XCTAssertEqual(text.status, 64)
        XCTAssertTrue(text.standardError.contains(".sto (OpenSense) or .csv"), text.standardError)
        let frame = try GaitCommandRunner.run(["export", Self.fixture, "--orientations", "o.sto", "--frame", "thigh"])
        XCTAssertEqual(frame.status, 64)
    }

    func testExportRefusesAMissingSessionAnd73WhenItCannotWrite() throws {
        let missing = try GaitCommandRunner.run(["export", "/nonexistent/session", "--orientations", "/tmp/o.sto"])
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.standardError.contains("session.json"), missing.standardError)
        let unwritable = try GaitCommandRunner.run(["export", Self.fixture, "--orientations", "/nonexistent/folder/o.csv"])
        XCTAssertEqual(unwritable.status, 73)
        XCTAssertTrue(unwritable.standardError.contains("cannot be created"), unwritable.standardError)
    }

    func testExportWritesTheSensorFrameTable() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("o.csv")
        let result = try GaitCommandRunner.run(["export", Self.fixture, "--orientations", out.path, "--rate-hz", "50"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("time_s,pelvis_imu_w,pelvis_imu_x,pelvis_imu_y,pelvis_imu_z,"), String(lines[0]))
        // 30 s at 50 rows/s over the span every IMU covers.
        XCTAssertEqual(Double(lines.count - 1), 1500, accuracy: 3)
    }

    func testImportRefusesABadMappingAndAnOccupiedOutput() throws {
        let folder = try GaitCommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mapping = folder.appendingPathComponent("mapping.json")
        try Data(#"{ "format": "gait-import-mapping/1", "sensors": [ { "id": "p", "kind": "imu" } ] }"#.utf8).write(to: mapping)
        let bad = try GaitCommandRunner.run(["import", folder.path, "--mapping", mapping.path, "--out", folder.appendingPathComponent("s").path])
        XCTAssertEqual(bad.status, 65)
        XCTAssertTrue(bad.standardError.contains("mapping.json, sensors[0].placement: the required key"), bad.standardError)

        try Data("""
            { "format": "gait-import-mapping/1", "sensors": [ { "id": "p", "kind": "imu", "placement": "pelvis", "file": "p.csv", "rateHz": 100,
              "time": { "column": "t", "unit": "s" },
              "columns": { "ax": { "column": "ax", "unit": "m/s2" }, "ay": { "column": "ay", "unit": "m/s2" }, "az": { "column": "az", "unit": "m/s2" },
                           "gx": { "column": "gx", "unit": "rad/s" }, "gy": { "column": "gy", "unit": "rad/s" }, "gz": { "column": "gz", "unit": "rad/s" } } } ] }
            """.utf8).write(to: mapping)
        try Data("t,ax,ay,az,gx,gy,gz\n0,0,0,9.81,0,0,0\n0.01,0,0,9.81,0,0,0\n".utf8).write(to: folder.appendingPathComponent("p.csv"))
        let occupied = try GaitCommandRunner.run(["import", folder.path, "--mapping", mapping.path, "--out", folder.path])
        XCTAssertEqual(occupied.status, 73)
        XCTAssertTrue(occupied.standardError.contains("not empty"), occupied.standardError)
        let good = try GaitCommandRunner.run(["import", folder.path, "--mapping", mapping.path, "--out", folder.appendingPathComponent("s").path])
        XCTAssertEqual(good.status, 0, good.standardError)
        XCTAssertTrue(good.standardOutput.contains("p: 2 samples"), good.standardOutput)
    }
}
