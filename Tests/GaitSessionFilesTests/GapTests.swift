import Foundation
import GaitCore
import Testing
@testable import GaitSessionFiles

@Suite("Gaps: steps longer than 1.5 nominal periods")
struct GapTests {
    @Test func twoGapsOfKnownLength() throws {
        // 100 Hz. Samples 0.00…0.09, then 0.15 (5 lost), 0.16…0.20, then 0.50 (29 lost), 0.51.
        var times: [String] = (0...9).map { String(format: "%.2f", Double($0) / 100) }
        times += ["0.15", "0.16", "0.17", "0.18", "0.19", "0.20", "0.50", "0.51"]
        let text = ([imuHeader] + times.map { "\($0),0,0,9.81,0,0,0" }).joined(separator: "\n") + "\n"
        let recording = try readPelvis(text)
        #expect(recording.gaps.count == 2)
        let first = try #require(recording.gaps.first)
        #expect(first.sensorID == "pelvis")
        #expect(first.start == 0.09 && first.end == 0.15)
        #expect(first.duration == 0.15 - 0.09)
        #expect(first.missingSamples == 5)
        #expect(first.line == 12)  // header, 10 samples, then the sample after the gap
        let second = recording.gaps[1]
        #expect(second.start == 0.20 && second.end == 0.50)
        #expect(second.duration == 0.50 - 0.20)
        #expect(second.missingSamples == 29)
        #expect(second.line == 18)
    }

    @Test func justOverOneAndAHalfPeriodsIsAGap() throws {
        let text = [imuHeader, "0,0,0,0,0,0,0", "0.0151,0,0,0,0,0,0", "0.0251,0,0,0,0,0,0", "0.0400,0,0,0,0,0,0"]
            .joined(separator: "\n")
        let recording = try readPelvis(text)
        #expect(recording.gaps.map(\.line) == [3])
        #expect(recording.gaps.first?.missingSamples == 1)
    }

    @Test func absurdJumpIsAGapNotACrash() throws {
        let text = [imuHeader, "-1e308,0,0,0,0,0,0", "1e308,0,0,0,0,0,0", "1.5e308,0,0,0,0,0,0"].joined(separator: "\n")
        let recording = try readPelvis(text)
        #expect(recording.gaps.count == 2)
        #expect(recording.gaps.allSatisfy { $0.missingSamples == 1_000_000_000_000_000 })
    }

    @Test(arguments: [-200e-6, 0, 200e-6])
    func rateErrorAndJitterAreNotGaps(_ rateError: Double) throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let sensor = SensorDescriptor(id: "lf", kind: .imu, placement: .leftFoot, file: "lf.csv", rateHz: 1000)
        let actualPeriodS = 1 / (1000 * (1 + rateError))
        var generator = SeededGenerator(seed: 42)
        var times: [Double] = []
        var values: [Double] = []
        for i in 0..<20_000 {
            // Jitter up to ±20 % of a period on top of the drifting clock.
            let jitter = Double.random(in: -0.2...0.2, using: &generator) * actualPeriodS
            times.append(10 + Double(i) * actualPeriodS + jitter)
            values += [0, 0, 9.81, 0, 0, 0]
        }
        let session = RecordedSession(
            manifest: SessionManifest(sensors: [sensor]),
            recordings: [SensorRecording(sensor: sensor, columns: .imu(magnetometer: false), timesS: times, values: values)])
        try session.write(to: folder)
        let read = try RecordedSession.read(from: folder)
        #expect(read.recordings[0].gaps.isEmpty)
        #expect(read == session)
    }

    @Test func manyGapsAreCountedButStoredBounded() throws {
        // A session.json that says 1000 Hz for a 100 Hz file: every step is a gap.
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let sensor = SensorDescriptor(id: "p", kind: .imu, placement: .pelvis, file: "p.csv", rateHz: 1000)
        let writer = try SensorFileWriter(url: folder.appendingPathComponent("p.csv"), columns: .imu(magnetometer: false))
        let count = SensorFileReader.maxRecordedGaps + 11
        for i in 0..<count { try writer.append(timeS: Double(i) / 100, values: [0, 0, 0, 0, 0, 0]) }
        try writer.close()
        var reader = try SensorFileReader(sensor: sensor, folder: folder, blockSize: 100_000)
        while try reader.nextBlock() != nil {}
        #expect(reader.gapCount == count - 1)
        #expect(reader.gaps.count == SensorFileReader.maxRecordedGaps)
        #expect(reader.gaps.first?.missingSamples == 9)
    }
}
