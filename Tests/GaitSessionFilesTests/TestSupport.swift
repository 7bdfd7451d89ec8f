import Foundation
import GaitCore
@testable import GaitSessionFiles

/// A fresh folder under the system's temporary directory; the caller removes it.
func makeTemporaryFolder(_ function: String = #function) throws -> URL {
    let name = "gait-session-files-\(function.prefix(while: { $0.isLetter || $0.isNumber }))-\(UUID().uuidString)"
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(name, isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func removeFolder(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}

func writeFile(_ text: String, to url: URL) throws {
    try Data(text.utf8).write(to: url)
}

func writeBytes(_ bytes: [UInt8], to url: URL) throws {
    try Data(bytes).write(to: url)
}

/// The error `body` throws, if it is a SessionFileError.
func sessionError(_ body: () throws -> Void) -> SessionFileError? {
    do {
        try body()
        return nil
    } catch let error as SessionFileError {
        return error
    } catch {
        return nil
    }
}

/// A session.json whose line numbers are predictable: line 1 `{`, line 2 format, line 3 subject,
/// line 4 `"sensors": [`, sensor i on line 5 + i, then `]` and `}`.
func manifestText(format: String? = "\"gait-session-csv/1\"", sensors: [String]?) -> String {
    var lines = ["{"]
    if let format { lines.append("  \"format\": \(format),") }
    lines.append("  \"subject\": { \"id\": \"R-017\", \"massKg\": 68.0, \"heightM\": 1.72 }" + (sensors == nil ? "" : ","))
    if let sensors {
        lines.append("  \"sensors\": [")
        for (index, sensor) in sensors.enumerated() {
            lines.append("    " + sensor + (index + 1 < sensors.count ? "," : ""))
        }
        lines.append("  ]")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
}

let pelvisEntry = #"{ "id": "pelvis", "kind": "imu", "placement": "pelvis", "file": "pelvis.csv", "rateHz": 100 }"#
let leftInsoleEntry = #"{ "id": "lin", "kind": "insole", "placement": "left_insole", "file": "left_insole.csv", "rateHz": 200, "cells": [ { "x": 25.0, "y": -8.0, "areaMm2": 450.0 }, { "x": 120.0, "y": 5.0, "areaMm2": 300.0 } ] }"#

let imuHeader = "t,ax,ay,az,gx,gy,gz"

/// A folder with `session.json` and the given files.
func makeSession(manifest: String, files: [String: [UInt8]]) throws -> URL {
    let folder = try makeTemporaryFolder()
    try writeFile(manifest, to: folder.appendingPathComponent("session.json"))
    for (name, bytes) in files { try writeBytes(bytes, to: folder.appendingPathComponent(name)) }
    return folder
}

/// Reads a one-IMU session (pelvis, 100 Hz) whose pelvis.csv is `csv`.
func readPelvis(_ csv: [UInt8]) throws -> SensorRecording {
    let folder = try makeSession(manifest: manifestText(sensors: [pelvisEntry]), files: ["pelvis.csv": csv])
    defer { removeFolder(folder) }
    let session = try RecordedSession.read(from: folder)
    return session.recordings[0]
}

func readPelvis(_ csv: String) throws -> SensorRecording {
    try readPelvis(Array(csv.utf8))
}

/// A small deterministic generator (SplitMix64) so that random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
