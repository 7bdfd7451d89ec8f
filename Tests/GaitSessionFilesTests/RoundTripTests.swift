import Foundation
import GaitCore
import Testing
@testable import GaitSessionFiles

@Suite("Round trip: write then read gives the same session, bit for bit")
struct RoundTripTests {
    /// Doubles that break naive formatting or parsing.
    static let awkward: [Double] = [
        1e-300, -0.0, 0.0, 0.1, 123456.789, 5e+20, 0.1 + 0.2, 1.0 / 3.0, -9.81, 1e-05, 1e16,
        123456789012345680, .pi, -2.718281828459045, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
        .leastNormalMagnitude, Double.leastNormalMagnitude.nextDown, 9007199254740994, 0.30000000000000004,
        4.35, 1.1920928955078125e-07, 6.02214076e23, -1e-7, 100,
    ]

    static func sampleSession() -> RecordedSession {
        let pelvis = SensorDescriptor(id: "pelvis", kind: .imu, placement: .pelvis, file: "pelvis.csv", rateHz: 500)
        let foot = SensorDescriptor(id: "lf", kind: .imu, placement: .leftFoot, file: "left_foot.csv", rateHz: 1000,
                                    extra: ["serial": .string("XS-1234"), "firmware": .object(["major": .number(2), "tags": .array([.string("a"), .null, .bool(true)])])])
        let cells = [
            InsoleCell(xMm: 25.0, yMm: -8.0, areaMm2: 450.0, extra: ["name": .string("heel medial")]),
            InsoleCell(xMm: 120.5, yMm: 5.25, areaMm2: 300.0),
            InsoleCell(xMm: 230.0, yMm: 0.1, areaMm2: 123.456),
        ]
        let insole = SensorDescriptor(id: "lin", kind: .insole, placement: .leftInsole, file: "left_insole.csv", rateHz: 200, cells: cells)
        let manifest = SessionManifest(
            subject: Subject(id: "R-017", massKg: 68.0, heightM: 1.72, extra: ["dominantLeg": .string("right")]),
            activity: "treadmill-run", treadmillSpeedMps: 3.0,
            standing: TimeSpan(start: 0.0, end: 5.0, extra: ["note": .string("arms by the side")]),
            sensors: [pelvis, foot, insole],
            extra: ["recordedBy": .string("lab 2 — ünïcödé \"quoted\"\n"), "version": .number(1e-05), "flags": .array([.number(-0.0), .number(5e+20)])])

        func recording(_ sensor: SensorDescriptor, _ columns: SensorColumns, count: Int, offset: Int) -> SensorRecording {
            var times: [Double] = []
            var values: [Double] = []
            for i in 0..<count {
                times.append(Double(i) / sensor.rateHz + 1e-300)
                for j in 0..<columns.valueCount { values.append(awkward[(i * 7 + j + offset) % awkward.count]) }
            }
            return SensorRecording(sensor: sensor, columns: columns, timesS: times, values: values)
        }
        return RecordedSession(manifest: manifest, recordings: [
            recording(pelvis, .imu(magnetometer: false), count: 60, offset: 0),
            recording(foot, .imu(magnetometer: true), count: 80, offset: 3),
            recording(insole, .insole(cellCount: 3), count: 40, offset: 5),
        ])
    }

    @Test func writeThenReadIsIdentical() throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let session = Self.sampleSession()
        try session.write(to: folder)
        let read = try RecordedSession.read(from: folder)
        #expect(read == session)
        // Equality of Doubles treats -0.0 == 0.0; the format promises bits.
        for (written, back) in zip(session.recordings, read.recordings) {
            #expect(written.values.map(\.bitPattern) == back.values.map(\.bitPattern))
            #expect(written.timesS.map(\.bitPattern) == back.timesS.map(\.bitPattern))
        }
        #expect(read.recordings[1].columns.hasMagnetometer)
        #expect(!read.recordings[0].columns.hasMagnetometer)
        #expect(read.recordings.allSatisfy { !$0.isPartial && $0.gaps.isEmpty })
    }

    @Test func writtenTextUsesShortestFormsAndLF() throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        try Self.sampleSession().write(to: folder)
        let text = try String(contentsOf: folder.appendingPathComponent("pelvis.csv"), encoding: .utf8)
        #expect(text.hasPrefix("t,ax,ay,az,gx,gy,gz\n"))
        #expect(!text.contains("\r"))
        for form in ["1e-300", "-0.0", "0.1", "123456.789", "5e+20", "1e-05", "0.30000000000000004"] {
            #expect(text.contains(form), "missing \(form)")
        }
    }

    @Test func manifestIsStableAndOrdered() throws {
        let session = Self.sampleSession()
        let first = try SessionManifestWriter.text(for: session.manifest)
        let second = try SessionManifestWriter.text(for: session.manifest)
        #expect(first == second)
        let formatRange = try #require(first.range(of: "\"format\""))
        let sensorsRange = try #require(first.range(of: "\"sensors\""))
        let extraRange = try #require(first.range(of: "\"recordedBy\""))
        #expect(formatRange.lowerBound < sensorsRange.lowerBound && sensorsRange.lowerBound < extraRange.lowerBound)
        #expect(first.contains("\"rateHz\": 500"))
    }

    @Test func unknownKeysSurviveAtEveryLevel() throws {
        let text = """
        {
          "format": "gait-session-csv/1",
          "future": { "b": [1, 2.5, "x", null, true], "a": {} },
          "subject": { "id": "S1", "shoe": "neutral" },
          "standing": { "start": 1, "end": 4, "quality": 0.9 },
          "sensors": [
            { "id": "lin", "kind": "insole", "placement": "left_insole", "file": "l.csv", "rateHz": 100,
              "vendor": "X", "cells": [ { "x": 1, "y": 2, "areaMm2": 3, "label": "c0" } ] }
          ]
        }
        """
        let folder = try makeSession(manifest: text, files: ["l.csv": Array("t,p0\n0,1\n".utf8)])
        defer { removeFolder(folder) }
        let first = try RecordedSession.read(from: folder)
        let manifest = first.manifest
        #expect(manifest.extra["future"] == .object(["b": .array([.number(1), .number(2.5), .string("x"), .null, .bool(true)]), "a": .object([:])]))
        #expect(manifest.subject?.extra["shoe"] == .string("neutral"))
        #expect(manifest.standing?.extra["quality"] == .number(0.9))
        #expect(manifest.sensors[0].extra["vendor"] == .string("X"))
        #expect(manifest.sensors[0].cells?[0].extra["label"] == .string("c0"))

        let copy = try makeTemporaryFolder()
        defer { removeFolder(copy) }
        try first.write(to: copy)
        #expect(try RecordedSession.read(from: copy) == first)
    }

    @Test func timeSpanCodableFlattensExtra() throws {
        let span = TimeSpan(start: 1, end: 2.5, extra: ["q": .string("good")])
        let data = try JSONEncoder().encode(span)
        let back = try JSONDecoder().decode(TimeSpan.self, from: data)
        #expect(back == span)
        #expect(String(decoding: data, as: UTF8.self).contains("\"q\""))
    }
}
