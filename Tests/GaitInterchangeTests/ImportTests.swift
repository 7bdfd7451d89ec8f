import Foundation
import GaitCore
import GaitInterchange
import GaitSessionFiles
import GaitSimulation
import XCTest

/// `gait import` against an original: a simulated session rewritten the way other systems write
/// (other names, g and deg/s, N/cm², ms or ISO-8601 times, semicolons, a preamble, an axis the
/// other way), imported, and compared value by value with the simulator's own files.
final class ImportTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gait-import-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: scratch) }

    /// A short simulated session (pelvis IMU, left insole), read as recorded: simulated once.
    static let originalSession: Result<RecordedSession, any Error> = Result {
        var options = SimulationOptions()
        options.seed = 5
        options.standingS = 2
        options.transitionS = 1
        options.gaitS = 5
        options.imuRateHz = 100
        options.insoleRateHz = 50
        options.insoleCellCount = 4
        options.placements = [.pelvis, .leftInsole]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gait-import-original-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try SessionSimulator(options: options).write(to: folder.appendingPathComponent("session"))
        return try RecordedSession.read(from: folder.appendingPathComponent("session"))
    }

    func original() throws -> RecordedSession { try Self.originalSession.get() }

    /// The original's files as a foreign system writes them; returns the mapping JSON.
    func writeForeign(_ session: RecordedSession, iso: Bool) throws -> String {
        let foreign = scratch.appendingPathComponent("foreign")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        // 2026-11-03T10:00:00Z, seconds since 1970.
        let epochS = 1_793_008_800.0
        func time(_ t: Double) -> String {
            guard iso else { return String(format: "%.3f", t * 1000) }
            let whole = floor(t), milliseconds = Int(((t - whole) * 1e6).rounded())
            let date = Date(timeIntervalSince1970: epochS + whole)
            let formatter = ISO8601DateFormatter()
            formatter.timeZone = TimeZone(secondsFromGMT: 3600)
            formatter.formatOptions = [.withInternetDateTime]
            let text = formatter.string(from: date)   // 2026-11-03T11:00:02+01:00
            return String(text.prefix(19)) + String(format: ".%06d", milliseconds) + String(text.dropFirst(19))
        }
        let imu = session.recordings.first { $0.sensor.kind == .imu }!
        var text = "Device: XSENS-LIKE 1234\n\"Time\";Acc_X;Acc_Y;Acc_Z;Gyr_X;Gyr_Y;Gyr_Z\n"
        for i in imu.timesS.indices {
            let v = imu.sample(i).map { $0 }
            // y axis pointing the other way on this device; g and deg/s.
            let cells = [v[0] / 9.80665, -v[1] / 9.80665, v[2] / 9.80665, v[3] * 180 / .pi, -v[4] * 180 / .pi, v[5] * 180 / .pi]
            text += ([time(imu.timesS[i])] + cells.map { String(format: "%.17g", $0) }).joined(separator: ";") + "\r\n"
        }
        try Data(text.utf8).write(to: foreign.appendingPathComponent("Pelvis_0042.txt"))
        let insole = session.recordings.first { $0.sensor.kind == .insole }!
        var insoleText = "timestamp,P1,P2,P3,P4\n"
        for i in insole.timesS.indices {
            insoleText += ([time(insole.timesS[i])] + insole.sample(i).map { String(format: "%.17g", $0 / 10) }).joined(separator: ",") + "\n"
        }
        try Data(insoleText.utf8).write(to: foreign.appendingPathComponent("left-insole.csv"))
        let unit = iso ? "iso8601" : "ms"
        let cells = insole.sensor.cells!.enumerated().map { c, cell in
            #"{ "x": \#(cell.xMm), "y": \#(cell.yMm), "areaMm2": \#(cell.areaMm2), "column": "P\#(c + 1)", "unit": "N/cm2" }"#
        }.joined(separator: ", ")
        return """
            { "format": "gait-import-mapping/1", "activity": "treadmill-run", "standing": { "start": 0.5, "end": 1.5 },
              "sensors": [
                { "id": "pelvis", "kind": "imu", "placement": "pelvis", "file": "Pelvis_0042.txt", "rateHz": 100,
                  "delimiter": ";", "headerLine": 2, "time": { "column": "Time", "unit": "\(unit)" },
                  "columns": { "ax": { "column": "Acc_X", "unit": "g" }, "ay": { "column": "Acc_Y", "unit": "g", "negate": true },
                               "az": { "column": "Acc_Z", "unit": "g" }, "gx": { "column": "Gyr_X", "unit": "deg/s" },
                               "gy": { "column": "Gyr_Y", "unit": "deg/s", "negate": true }, "gz": { "column": "Gyr_Z", "unit": "deg/s" } } },
                { "id": "lin", "kind": "insole", "placement": "left_insole", "file": "left-insole.csv", "rateHz": 50,
                  "time": { "column": "timestamp", "unit": "\(unit)" }, "cells": [ \(cells) ] }
              ] }
            """
    }

    func importAndCompare(iso: Bool) throws {
        let original = try original()
        let mappingURL = scratch.appendingPathComponent("mapping.json")
        try Data(try writeForeign(original, iso: iso).utf8).write(to: mappingURL)
        let out = scratch.appendingPathComponent("imported")
        let summary = try SessionImporter.run(folder: scratch.appendingPathComponent("foreign"), mapping: try ImportMapping.read(mappingURL), out: out)
        let imported = try RecordedSession.read(from: out)

        XCTAssertEqual(imported.manifest.standing?.start, 0.5)
        XCTAssertEqual(imported.manifest.sensors.map(\.placement), [.pelvis, .leftInsole])
        XCTAssertEqual(imported.manifest.sensors[1].cells, original.recordings[1].sensor.cells)
        // The earliest first sample of either file is 0 s; the files keep their relation.
        let zero = min(original.recordings[0].timesS[0], original.recordings[1].timesS[0])
        XCTAssertEqual(summary.samples.map(\.count), original.recordings.map(\.timesS.count))
        for (mine, theirs) in zip(imported.recordings, original.recordings) {
            XCTAssertEqual(mine.timesS.count, theirs.timesS.count)
            for i in theirs.timesS.indices {
                // µs-exact: the foreign files give ms to 3 decimals (µs), ISO to 6 fraction digits.
                XCTAssertEqual(mine.timesS[i], theirs.timesS[i] - zero, accuracy: 1e-9, "\(mine.sensor.id) sample \(i)")
            }
            for (a, b) in zip(mine.values, theirs.values) {
                XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)))
            }
        }
    }

    func testMillisecondsGAndDegreesPerSecond() throws { try importAndCompare(iso: false) }

    func testISO8601TimesWithAnOffset() throws { try importAndCompare(iso: true) }

    // MARK: - Bad input: file, line, column, problem, fix

    func importError(mapping: String, files: [String: String]) throws -> SessionFileError? {
        let folder = scratch.appendingPathComponent("bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let url = folder.appendingPathComponent("mapping.json")
        try Data(mapping.utf8).write(to: url)
        do {
            _ = try SessionImporter.run(folder: folder, mapping: try ImportMapping.read(url), out: folder.appendingPathComponent("out"))
            return nil
        } catch let error as SessionFileError {
            return error
        }
    }

    static let imuMapping = """
        { "format": "gait-import-mapping/1", "sensors": [ { "id": "p", "kind": "imu", "placement": "pelvis", "file": "p.csv", "rateHz": 100,
          "time": { "column": "ms", "unit": "ms" },
          "columns": { "ax": { "column": "ax", "unit": "g" }, "ay": { "column": "ay", "unit": "g" }, "az": { "column": "az", "unit": "g" },
                       "gx": { "column": "gx", "unit": "deg/s" }, "gy": { "column": "gy", "unit": "deg/s" }, "gz": { "column": "gz", "unit": "deg/s" } } } ] }
        """

    func testNonNumberNamesFileLineAndColumn() throws {
        let error = try XCTUnwrap(importError(mapping: Self.imuMapping, files: ["p.csv": "ms,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n10,0,0,1,0,0,0\n20,0,0,1,0,0,1,5\n"]))
        XCTAssertEqual(error.file, "p.csv")
        XCTAssertEqual(error.line, 4)
        XCTAssertTrue(error.problem.contains("8 cells where the header has 7"), error.description)

        let number = try XCTUnwrap(importError(mapping: Self.imuMapping, files: ["p.csv": "ms,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n10,0,0,1,0,abc,0\n"]))
        XCTAssertEqual([number.file, "\(number.line ?? 0)", number.column ?? ""], ["p.csv", "3", "gy"])
        XCTAssertTrue(number.problem.contains("\"abc\" is not a finite number"), number.description)
        XCTAssertFalse(number.remedy.isEmpty)
    }

    func testTimeGoingBackwardsEmptyCellsAndNaN() throws {
        let backwards = try XCTUnwrap(importError(mapping: Self.imuMapping, files: ["p.csv": "ms,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n10,0,0,1,0,0,0\n10,0,0,1,0,0,0\n"]))
        XCTAssertEqual([backwards.line, backwards.column == "ms" ? 1 : 0], [4, 1])
        XCTAssertTrue(backwards.problem.contains("time does not increase"), backwards.description)
        let empty = try XCTUnwrap(importError(mapping: Self.imuMapping, files: ["p.csv": "ms,ax,ay,az,gx,gy,gz\n0,0,,1,0,0,0\n"]))
        XCTAssertEqual([empty.line, empty.column == "ay" ? 1 : 0], [2, 1])
        let nan = try XCTUnwrap(importError(mapping: Self.imuMapping, files: ["p.csv": "ms,ax,ay,az,gx,gy,gz\n0,0,NaN,1,0,0,0\n"]))
        XCTAssertTrue(nan.problem.contains("not a finite number"), nan.description)
    }

    func testMissingColumnAndUnknownUnitNameTheMappingKey() throws {
        let missing = try XCTUnwrap(importError(mapping: Self.imuMapping, files: ["p.csv": "ms;ax;ay;az;gx;gy;gz\n0;0;0;1;0;0;0\n"]))
        XCTAssertEqual(missing.line, 1)
        XCTAssertTrue(missing.problem.contains("is the delimiter right?"), missing.description)
        XCTAssertTrue(missing.remedy.contains("time.column"), missing.description)

        let unit = try XCTUnwrap(importError(mapping: Self.imuMapping.replacingOccurrences(of: "\"deg/s\" }, \"gy\"", with: "\"degrees\" }, \"gy\""),
                                             files: ["p.csv": "ms,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n"]))
        XCTAssertEqual(unit.file, "mapping.json")
        XCTAssertEqual(unit.keyPath, "sensors[0].columns.gx.unit")
        XCTAssertTrue(unit.remedy.contains("deg/s"), unit.description)

        let typo = try XCTUnwrap(importError(mapping: Self.imuMapping.replacingOccurrences(of: "\"unit\": \"g\" }, \"ay\"", with: "\"unit\": \"g\", \"negat\": true }, \"ay\""),
                                             files: ["p.csv": "ms,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n"]))
        XCTAssertEqual(typo.keyPath, "sensors[0].columns.ax.negat")
        XCTAssertTrue(typo.remedy.contains("negate"), typo.description)

        let placement = try XCTUnwrap(importError(mapping: Self.imuMapping.replacingOccurrences(of: "\"pelvis\"", with: "\"sacrum\""), files: [:]))
        XCTAssertEqual(placement.keyPath, "sensors[0].placement")
    }

    /// Found while writing the mapping's fuzz target: a sensor's id is its output file's name, and
    /// that file was created before session.json was checked, so `"id": "../../x"` wrote x.csv
    /// outside the session folder (over a file of that name) and only then was refused.
    func testAnIdCannotLeadOutOfTheSessionFolder() throws {
        let csv = "ms,ax,ay,az,gx,gy,gz\n0,0,0,1,0,0,0\n10,0,0,1,0,0,0\n"
        for id in ["../../escaped", "../escaped", "sub/escaped", "/tmp/escaped", ".hidden", "..", "", "a\\b", "tab\\tname"] {
            let mapping = Self.imuMapping.replacingOccurrences(of: "\"id\": \"p\"", with: "\"id\": \"\(id)\"")
            let error = try XCTUnwrap(importError(mapping: mapping, files: ["p.csv": csv]), id)
            XCTAssertEqual(error.file, "mapping.json", id)
            XCTAssertEqual(error.keyPath, "sensors[0].id", id)
            XCTAssertTrue(error.remedy.contains("plain name"), error.description)
        }
        let written = try FileManager.default.subpathsOfDirectory(atPath: scratch.path).filter { $0.contains("escaped") }
        XCTAssertEqual(written, [], "a file was written outside the session folder")
        // Ordinary ids still import.
        XCTAssertNil(try importError(mapping: Self.imuMapping.replacingOccurrences(of: "\"id\": \"p\"", with: "\"id\": \"left-foot_2 v1.0\""),
                                     files: ["p.csv": csv]))
    }

    /// Inputs of the kind the fuzzer (`scripts/fuzz FuzzImportMapping`) tries at its limits, kept
    /// so that they stay refused with the file named, quickly: nesting far beyond any real
    /// mapping, a number that fits no integer, many empty entries.
    func testHostileMappingsAreRefusedWithTheFileNamed() throws {
        let inputs = [String(repeating: "[", count: 65_000),
                      "{\"format\":\"gait-import-mapping/1\",\"sensors\":" + String(repeating: "[", count: 60_000),
                      Self.imuMapping.replacingOccurrences(of: "\"rateHz\": 100", with: "\"rateHz\": 100, \"headerLine\": 1000000000000000000000000000000"),
                      "{\"format\":\"gait-import-mapping/1\",\"sensors\":[" + Array(repeating: "{}", count: 20_000).joined(separator: ",") + "]}"]
        for input in inputs {
            let started = Date()
            XCTAssertThrowsError(try ImportMapping.decode(Data(input.utf8), file: "mapping.json")) { error in
                XCTAssertEqual((error as? SessionFileError)?.file, "mapping.json", "\(error)")
            }
            XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        }
    }
}
