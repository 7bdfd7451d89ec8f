import Foundation
import GaitCore
import Testing
@testable import GaitSessionFiles

/// Every rejection of session.json names the file, the key path and the line.
@Suite("session.json rejections")
struct ManifestErrorTests {
    /// Opens a folder with this session.json and files for the two standard sensors.
    func openError(_ manifest: String, files: [String: [UInt8]] = [
        "pelvis.csv": Array("t,ax,ay,az,gx,gy,gz\n".utf8), "left_insole.csv": Array("t,p0,p1\n".utf8),
    ]) throws -> SessionFileError {
        let folder = try makeSession(manifest: manifest, files: files)
        defer { removeFolder(folder) }
        let error = sessionError { _ = try SessionFolder.open(folder) }
        let found = try #require(error, "expected a rejection")
        #expect(found.file.hasSuffix("session.json"))
        #expect(found.description.contains("session.json"))
        #expect(!found.remedy.isEmpty)
        return found
    }

    @Test func validManifestOpens() throws {
        let folder = try makeSession(manifest: manifestText(sensors: [pelvisEntry, leftInsoleEntry]), files: [
            "pelvis.csv": Array("t,ax,ay,az,gx,gy,gz\n".utf8), "left_insole.csv": Array("t,p0,p1\n".utf8),
        ])
        defer { removeFolder(folder) }
        let session = try SessionFolder.open(folder)
        #expect(session.manifest.sensors.count == 2)
        #expect(session.manifest.subject?.massKg == 68.0)
        #expect(session.manifest.sensors[1].cells?.count == 2)
        #expect(session.manifest.sensors[0].rateHz == 100)
    }

    @Test func wrongFormatString() throws {
        let error = try openError(manifestText(format: "\"gait-session-csv/2\"", sensors: [pelvisEntry]))
        #expect(error.keyPath == "format")
        #expect(error.line == 2)
        #expect(error.problem.contains("gait-session-csv/2"))
    }

    @Test func formatNotAString() throws {
        let error = try openError(manifestText(format: "1", sensors: [pelvisEntry]))
        #expect(error.keyPath == "format")
        #expect(error.line == 2)
    }

    @Test func missingFormat() throws {
        let error = try openError(manifestText(format: nil, sensors: [pelvisEntry]))
        #expect(error.keyPath == "format")
        #expect(error.line == 1)
        #expect(error.problem.contains("missing"))
    }

    @Test func missingSensors() throws {
        let error = try openError(manifestText(sensors: nil))
        #expect(error.keyPath == "sensors")
        #expect(error.line == 1)
    }

    @Test func emptySensors() throws {
        let error = try openError(manifestText(sensors: []))
        #expect(error.keyPath == "sensors")
        #expect(error.line == 4)
    }

    @Test func unknownPlacement() throws {
        let entry = pelvisEntry.replacingOccurrences(of: "\"placement\": \"pelvis\"", with: "\"placement\": \"left_knee\"")
        let error = try openError(manifestText(sensors: [leftInsoleEntry, entry]))
        #expect(error.keyPath == "sensors[1].placement")
        #expect(error.line == 6)
        #expect(error.problem.contains("left_knee"))
        #expect(error.remedy.contains("left_shank"))
    }

    @Test func duplicatePlacement() throws {
        let second = #"{ "id": "pelvis2", "kind": "imu", "placement": "pelvis", "file": "p2.csv", "rateHz": 100 }"#
        let error = try openError(manifestText(sensors: [pelvisEntry, second]))
        #expect(error.keyPath == "sensors[1].placement")
        #expect(error.line == 6)
        #expect(error.problem.contains("sensors[0]"))
    }

    @Test func duplicateID() throws {
        let second = #"{ "id": "pelvis", "kind": "imu", "placement": "left_foot", "file": "lf.csv", "rateHz": 100 }"#
        let error = try openError(manifestText(sensors: [pelvisEntry, second]))
        #expect(error.keyPath == "sensors[1].id")
        #expect(error.line == 6)
    }

    @Test func duplicateFile() throws {
        let second = #"{ "id": "lf", "kind": "imu", "placement": "left_foot", "file": "pelvis.csv", "rateHz": 100 }"#
        let error = try openError(manifestText(sensors: [pelvisEntry, second]))
        #expect(error.keyPath == "sensors[1].file")
    }

    @Test func kindPlacementMismatch() throws {
        let entry = #"{ "id": "x", "kind": "imu", "placement": "right_insole", "file": "x.csv", "rateHz": 100 }"#
        let error = try openError(manifestText(sensors: [pelvisEntry, entry]))
        #expect(error.keyPath == "sensors[1].kind")
        #expect(error.line == 6)
        #expect(error.problem.contains("right_insole"))
    }

    @Test func unknownKind() throws {
        let entry = pelvisEntry.replacingOccurrences(of: "\"kind\": \"imu\"", with: "\"kind\": \"camera\"")
        let error = try openError(manifestText(sensors: [entry]))
        #expect(error.keyPath == "sensors[0].kind")
        #expect(error.line == 5)
    }

    @Test func insoleWithoutCells() throws {
        let entry = #"{ "id": "lin", "kind": "insole", "placement": "left_insole", "file": "left_insole.csv", "rateHz": 200 }"#
        let error = try openError(manifestText(sensors: [pelvisEntry, entry]))
        #expect(error.keyPath == "sensors[1].cells")
        #expect(error.line == 6)
    }

    @Test func insoleWithEmptyCells() throws {
        let entry = #"{ "id": "lin", "kind": "insole", "placement": "left_insole", "file": "left_insole.csv", "rateHz": 200, "cells": [] }"#
        let error = try openError(manifestText(sensors: [pelvisEntry, entry]))
        #expect(error.keyPath == "sensors[1].cells")
        #expect(error.line == 6)
    }

    @Test func cellWithoutArea() throws {
        let entry = leftInsoleEntry.replacingOccurrences(of: "\"areaMm2\": 300.0", with: "\"areaMm2\": 0")
        let error = try openError(manifestText(sensors: [pelvisEntry, entry]))
        #expect(error.keyPath == "sensors[1].cells[1].areaMm2")
        #expect(error.line == 6)
    }

    @Test func missingSensorKey() throws {
        let entry = #"{ "id": "pelvis", "kind": "imu", "placement": "pelvis", "rateHz": 100 }"#
        let error = try openError(manifestText(sensors: [entry]))
        #expect(error.keyPath == "sensors[0].file")
        #expect(error.line == 5)
    }

    @Test(arguments: ["0", "-100", "\"500\"", "null", "1e999"])
    func badRate(_ rate: String) throws {
        let entry = pelvisEntry.replacingOccurrences(of: "\"rateHz\": 100", with: "\"rateHz\": \(rate)")
        let error = try openError(manifestText(sensors: [entry]))
        #expect(error.keyPath == "sensors[0].rateHz")
        #expect(error.line == 5)
    }

    @Test func fileOutsideFolder() throws {
        let entry = pelvisEntry.replacingOccurrences(of: "\"pelvis.csv\"", with: "\"../pelvis.csv\"")
        let error = try openError(manifestText(sensors: [entry]))
        #expect(error.keyPath == "sensors[0].file")
    }

    @Test func sensorFileMissing() throws {
        let error = try openError(manifestText(sensors: [pelvisEntry, leftInsoleEntry]),
                                  files: ["pelvis.csv": Array("t,ax,ay,az,gx,gy,gz\n".utf8)])
        #expect(error.keyPath == "sensors[1].file")
        #expect(error.line == 6)
        #expect(error.problem.contains("left_insole.csv"))
    }

    @Test func jsonSyntaxErrorInsideALine() throws {
        let entry = pelvisEntry.replacingOccurrences(of: "\"rateHz\": 100", with: "\"rateHz\": 1 00")
        let error = try openError(manifestText(sensors: [leftInsoleEntry, entry]))
        #expect(error.line == 6)
        #expect(error.problem.contains("JSON syntax error"))
        #expect(error.keyPath == "sensors[1].rateHz")
    }

    @Test func jsonMissingCommaIsReportedWhereItIsNoticed() throws {
        // Without the comma after sensor 0, the parser meets sensor 1's "{" on line 6.
        let text = manifestText(sensors: [pelvisEntry, leftInsoleEntry]).replacingOccurrences(of: pelvisEntry + ",", with: pelvisEntry)
        let error = try openError(text)
        #expect(error.line == 6)
        #expect(error.problem.contains("expected ',' or ']'"))
    }

    @Test func jsonUnterminatedString() throws {
        let text = "{\n  \"format\": \"gait-session-csv/1\",\n  \"activity\": \"run\n}\n"
        let error = try openError(text)
        #expect(error.line == 3)
        #expect(error.keyPath == "activity")
    }

    @Test func jsonTrailingComma() throws {
        let text = "{\n  \"format\": \"gait-session-csv/1\",\n  \"sensors\": [],\n}\n"
        let error = try openError(text)
        #expect(error.line == 4)
    }

    @Test func duplicateKey() throws {
        let text = "{\n  \"format\": \"gait-session-csv/1\",\n  \"format\": \"gait-session-csv/1\"\n}\n"
        let error = try openError(text)
        #expect(error.line == 3)
        #expect(error.keyPath == "format")
    }

    @Test func emptyManifest() throws {
        let error = try openError("")
        #expect(error.line == 1)
        #expect(error.problem.contains("empty"))
    }

    @Test func manifestNotAnObject() throws {
        let error = try openError("[1, 2]\n")
        #expect(error.line == 1)
    }

    @Test func noManifest() throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let error = try #require(sessionError { _ = try SessionFolder.open(folder) })
        #expect(error.file.hasSuffix("session.json"))
        #expect(error.problem.contains("no session.json"))
    }

    @Test func deepNestingIsRefusedNotCrashed() throws {
        let text = "{ \"format\": \"gait-session-csv/1\", \"x\": " + String(repeating: "[", count: 100_000) + "\n"
        let error = try openError(text)
        #expect(error.problem.contains("nesting"))
    }

    @Test func byteOrderMarkAndCRLFInManifest() throws {
        let text = "\u{FEFF}" + manifestText(sensors: [pelvisEntry]).replacingOccurrences(of: "\n", with: "\r\n")
        let folder = try makeSession(manifest: text, files: ["pelvis.csv": Array("t,ax,ay,az,gx,gy,gz\n".utf8)])
        defer { removeFolder(folder) }
        #expect(try SessionFolder.open(folder).manifest.sensors.count == 1)
        // Lines still count right after a BOM and with CRLF.
        let broken = text.replacingOccurrences(of: "\"rateHz\": 100", with: "\"rateHz\": x")
        let error = try openError(broken)
        #expect(error.line == 5)
    }

    @Test func nonFiniteOrCollidingExtraIsNotWritten() throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let sensor = SensorDescriptor(id: "p", kind: .imu, placement: .pelvis, file: "p.csv", rateHz: 100)
        let nan = SessionManifest(sensors: [sensor], extra: ["bad": .number(.nan)])
        #expect(sessionError { try SessionManifestWriter.write(nan, to: folder) }?.keyPath == "bad")
        let colliding = SessionManifest(sensors: [sensor], extra: ["sensors": .null])
        #expect(sessionError { try SessionManifestWriter.write(colliding, to: folder) }?.keyPath == "sensors")
        let duplicate = SessionManifest(sensors: [sensor, sensor])
        #expect(sessionError { try SessionManifestWriter.write(duplicate, to: folder) }?.keyPath == "sensors[1].id")
    }
}
