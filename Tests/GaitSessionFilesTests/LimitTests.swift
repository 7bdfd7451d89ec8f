import Foundation
import GaitCore
import Testing
@testable import GaitSessionFiles

/// Input far beyond any real session is refused with a clear message, in bounded time and
/// memory (README.md, "Limits"). Each test is fast: large inputs are generated as they are read,
/// or streamed to disk in chunks, never held whole.
@Suite("limits on hostile input")
struct LimitTests {
    /// 100 MB on one line: refused by the line limit after one read buffer, not 100 MB.
    @Test func hundredMegabyteLineIsRefusedAfterOneBuffer() throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let url = folder.appendingPathComponent("pelvis.csv")
        FileManager.default.createFile(atPath: url.path, contents: Data((imuHeader + "\n").utf8))
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        let chunk = Data(repeating: UInt8(ascii: "1"), count: 1 << 20)
        for _ in 0..<100 { try handle.write(contentsOf: chunk) }
        try handle.close()

        let descriptor = open(url.path, O_RDONLY)
        try #require(descriptor >= 0)
        let source = CountingSource(.file(descriptor: descriptor))
        let lines = LineReader(source: source, displayPath: "pelvis.csv", maxLineBytes: SensorFileReader.maxHeaderBytes)
        var reader = try SensorFileReader(sensor: pelvisSensor, lines: lines, blockSize: 4096, sensorIndex: 0)
        let error = try #require(sessionError { _ = try reader.nextBlock() })
        #expect(error.line == 2)
        #expect(error.problem == "line 2 is longer than \(SensorColumns.imu(magnetometer: false).maxLineBytes) bytes")
        #expect(source.bytesTaken <= LineReader.defaultBufferBytes)
    }

    /// An endless stream of random bytes: refused within one buffer, whatever the bytes.
    @Test func endlessGarbageStopsWithinOneBuffer() throws {
        for seed in 1...20 as ClosedRange<UInt64> {
            var generator = SeededGenerator(seed: seed)
            // Printable garbage with a line end now and then, so that the header check passes
            // on some seeds and the data lines are what is refused.
            let source = GeneratedSource { buffer, _ in
                for index in buffer.indices {
                    let next = generator.next()
                    buffer[index] = next % 97 == 0 ? UInt8(ascii: "\n") : UInt8(truncatingIfNeeded: next >> 8)
                }
            }
            let lines = LineReader(source: source, displayPath: "garbage.csv", maxLineBytes: SensorFileReader.maxHeaderBytes)
            let error = sessionError {
                var reader = try SensorFileReader(sensor: pelvisSensor, lines: lines, blockSize: 4096, sensorIndex: 0)
                while try reader.nextBlock() != nil {}
            }
            let found = try #require(error, "seed \(seed): an endless stream must be refused")
            #expect(found.file == "garbage.csv")
            #expect(found.line != nil)
            #expect(source.bytesTaken <= LineReader.defaultBufferBytes, "seed \(seed)")
        }
        // An endless header-valid file with an endless second line: refused at the line limit.
        let header = Array((imuHeader + "\n").utf8)
        let source = GeneratedSource { buffer, offset in
            for index in buffer.indices {
                let position = offset + index
                buffer[index] = position < header.count ? header[position] : UInt8(ascii: "0")
            }
        }
        let lines = LineReader(source: source, displayPath: "zeros.csv", maxLineBytes: SensorFileReader.maxHeaderBytes)
        var reader = try SensorFileReader(sensor: pelvisSensor, lines: lines, blockSize: 4096, sensorIndex: 0)
        #expect(sessionError { _ = try reader.nextBlock() }?.problem.contains("longer than") == true)
        #expect(source.bytesTaken <= LineReader.defaultBufferBytes)
    }

    /// Valid samples, streamed without end: memory is one block of samples and one read buffer
    /// whatever the length. 40 MB here (~800 000 samples) stands for any length: nothing the
    /// reader keeps grows with the file (README.md, "Limits"; `gait-benchmarks` reads 2 GB of
    /// CSV at a peak of 21 MB).
    @Test func longFileStreamsInBoundedMemory() throws {
        let header = Array((imuHeader + "\n").utf8)
        let lineLength = Self.sampleLine(0).count
        let totalBytes = header.count + 800_000 * lineLength
        var cachedSample = -1
        var cachedLine: [UInt8] = []
        let source = GeneratedSource(totalBytes: totalBytes) { buffer, offset in
            for index in buffer.indices {
                let position = offset + index
                if position < header.count { buffer[index] = header[position]; continue }
                let sample = (position - header.count) / lineLength
                if sample != cachedSample { cachedSample = sample; cachedLine = Self.sampleLine(sample) }
                buffer[index] = cachedLine[(position - header.count) % lineLength]
            }
        }
        let lines = LineReader(source: source, displayPath: "long.csv", maxLineBytes: SensorFileReader.maxHeaderBytes)
        var reader = try SensorFileReader(sensor: pelvisSensor, lines: lines, blockSize: 4096, sensorIndex: 0)
        var samples = 0
        var largestBlock = 0
        while let block = try reader.nextBlock() {
            samples += block.count
            largestBlock = max(largestBlock, block.values.count)
        }
        #expect(samples == 800_000)
        #expect(largestBlock <= 4096 * 6)
        #expect(reader.gaps.isEmpty)
    }

    /// The IMU line of sample `k` at 100 Hz; every line has the same length.
    private static func sampleLine(_ k: Int) -> [UInt8] {
        let cents = String(k)
        let padded = String(repeating: "0", count: max(0, 10 - cents.count)) + cents
        let time = padded.dropLast(2) + "." + padded.suffix(2)  // 11 characters
        let text = time + ",0.0,0.0,9.81,0.0,0.0,0.0\n"
        return Array(text.utf8)
    }

    /// A session.json listing a million sensors is over the manifest size limit: refused before
    /// it is parsed.
    @Test func millionSensorsAreOverTheManifestLimit() throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let url = folder.appendingPathComponent("session.json")
        FileManager.default.createFile(atPath: url.path, contents: Data(#"{ "format": "gait-session-csv/1", "sensors": ["#.utf8))
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        let entry = #"{ "id": "s", "kind": "imu", "placement": "pelvis", "file": "pelvis.csv", "rateHz": 100 },"#
        let chunk = Data(String(repeating: entry, count: 10_000).utf8)
        for _ in 0..<100 { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data("{}]}\n".utf8))
        try handle.close()
        let error = try #require(sessionError { _ = try SessionFolder.open(folder) })
        #expect(error.file.hasSuffix("session.json"))
        #expect(error.problem == "session.json is larger than 1 MiB")
    }

    /// As many compact sensor entries as fit the byte limit (~350 000): parsed, with memory
    /// bounded by the limit, and refused at the first entry that breaks a rule.
    @Test(.timeLimit(.minutes(1))) func compactSensorsUpToTheLimitAreRefusedAtTheFirstBadEntry() throws {
        let text = #"{ "format": "gait-session-csv/1", "sensors": ["# + String(repeating: "{},", count: 349_000) + "{}]}"
        #expect(text.utf8.count < 1024 * 1024)
        let error = try #require(sessionError { _ = try SessionManifest.decode(Array(text.utf8)) })
        #expect(error.keyPath == "sensors[0].id")
        #expect(error.line == 1)
    }

    /// 100 000 `[`: refused by the depth limit, not by a stack overflow.
    @Test func deeplyNestedManifestIsRefused() throws {
        for opener in ["[", "{\"a\":"] {
            let text = #"{ "format": "gait-session-csv/1", "sensors": "# + String(repeating: opener, count: 100_000)
            let error = try #require(sessionError { _ = try SessionManifest.decode(Array(text.utf8)) })
            #expect(error.problem.contains("nesting is deeper than \(JSONParser.maxDepth) levels"))
            #expect(error.line == 1)
        }
    }

    /// An insole with 10 000 cells: refused at its cells, naming the limit.
    /// Also the regression test of quadratic decoding (56 s for 10 000 cells before the fix in
    /// `ManifestDecoder.lineTable`, 1 s after, in a debug build).
    @Test(.timeLimit(.minutes(1))) func tenThousandCellsAreRefused() throws {
        func insole(cells count: Int) -> [UInt8] {
            let cells = Array(repeating: #"{ "x": 1, "y": 2, "areaMm2": 3 }"#, count: count).joined(separator: ",")
            let entry = #"{ "id": "lin", "kind": "insole", "placement": "left_insole", "file": "left_insole.csv", "rateHz": 200, "cells": ["# + cells + "] }"
            return Array(manifestText(sensors: [entry]).utf8)
        }
        let error = try #require(sessionError { _ = try SessionManifest.decode(insole(cells: 10_000)) })
        #expect(error.keyPath == "sensors[0].cells")
        #expect(error.line == 5)
        #expect(error.problem == "the insole lists 10000 cells, more than the \(SessionLimits.maxInsoleCells) gait reads")
        // The limit itself is accepted.
        let atLimit = try SessionManifest.decode(insole(cells: SessionLimits.maxInsoleCells))
        #expect(atLimit.sensors[0].cells?.count == SessionLimits.maxInsoleCells)
    }

    @Test func rateAboveTheLimitIsRefused() throws {
        let entry = pelvisEntry.replacingOccurrences(of: "\"rateHz\": 100", with: "\"rateHz\": 1e9")
        let error = try #require(sessionError { _ = try SessionManifest.decode(Array(manifestText(sensors: [entry]).utf8)) })
        #expect(error.keyPath == "sensors[0].rateHz")
        #expect(error.line == 5)
        #expect(error.problem.contains("above the 10000 Hz"))
    }

    /// t advancing by a millisecond in a 100 Hz file: more than twice the rate in one second of t
    /// is refused at the first sample over, naming the second and the rate.
    @Test func samplesFarDenserThanTheRateAreRefused() throws {
        var csv = imuHeader + "\n"
        for k in 0..<1000 { csv += "\(Double(k) * 0.001),0,0,9.81,0,0,0\n" }
        let error = try #require(sessionError { _ = try readPelvis(csv) })
        #expect(error.column == "t")
        #expect(error.line == 2 + 202)
        #expect(error.problem.hasPrefix("more than 202 samples between t = 0.0 s and 1.0 s"))
        // Twice the rate, the bound, is read.
        var dense = imuHeader + "\n"
        for k in 0..<1000 { dense += "\(Double(k) * 0.005),0,0,9.81,0,0,0\n" }
        #expect(try readPelvis(dense).timesS.count == 1000)
    }
}
