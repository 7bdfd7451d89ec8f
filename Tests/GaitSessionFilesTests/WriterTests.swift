import Foundation
import GaitCore
import Testing
@testable import GaitSessionFiles

@Suite("Writer refuses what the reader would reject")
struct WriterTests {
    func withWriter(_ body: (SensorFileWriter, URL) throws -> Void) throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let url = folder.appendingPathComponent("w.csv")
        let writer = try SensorFileWriter(url: url, columns: .imu(magnetometer: false))
        try body(writer, url)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteValueRefused(_ bad: Double) throws {
        try withWriter { writer, _ in
            try writer.append(timeS: 0, values: [0, 0, 0, 0, 0, 0])
            let error = sessionError { try writer.append(timeS: 0.01, values: [0, 0, bad, 0, 0, 0]) }
            #expect(error?.line == 3)
            #expect(error?.column == "az")
            #expect(sessionError { try writer.append(timeS: bad, values: [0, 0, 0, 0, 0, 0]) }?.column == "t")
        }
    }

    @Test func nonIncreasingTimeRefused() throws {
        try withWriter { writer, _ in
            try writer.append(timeS: 1, values: [0, 0, 0, 0, 0, 0])
            #expect(sessionError { try writer.append(timeS: 1, values: [0, 0, 0, 0, 0, 0]) } != nil)
            #expect(sessionError { try writer.append(timeS: 0.5, values: [0, 0, 0, 0, 0, 0]) } != nil)
            try writer.append(timeS: 1.5, values: [0, 0, 0, 0, 0, 0])
            #expect(writer.samplesWritten == 2)
        }
    }

    @Test func wrongValueCountRefused() throws {
        try withWriter { writer, _ in
            #expect(sessionError { try writer.append(timeS: 0, values: [0, 0, 0]) } != nil)
        }
    }

    @Test func flushReachesTheFileAndCloseCompletes() throws {
        try withWriter { writer, url in
            try writer.append(timeS: 0, values: [1, 2, 3, 4, 5, 6])
            try writer.flush()
            #expect(try String(contentsOf: url, encoding: .utf8) == "t,ax,ay,az,gx,gy,gz\n0.0,1.0,2.0,3.0,4.0,5.0,6.0\n")
            try writer.append(timeS: 1e-05, values: [-0.0, 5e+20, 0.1, 1e-300, 123456.789, 1.0 / 3.0])
            try writer.close()
            try writer.close()
            #expect(sessionError { try writer.append(timeS: 2, values: [0, 0, 0, 0, 0, 0]) } != nil)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.hasSuffix("1e-05,-0.0,5e+20,0.1,1e-300,123456.789,0.3333333333333333\n"))
        }
    }

    @Test func largeFileRoundTripsThroughTheBuffer() throws {
        // More than one 256 KiB write buffer and one 1 MiB read buffer.
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let sensor = SensorDescriptor(id: "p", kind: .imu, placement: .pelvis, file: "p.csv", rateHz: 1000)
        var generator = SeededGenerator(seed: 3)
        var times: [Double] = []
        var values: [Double] = []
        for i in 0..<30_000 {
            times.append(Double(i) / 1000)
            for _ in 0..<6 { values.append(Double(bitPattern: generator.next() >> 2)) }
        }
        let session = RecordedSession(manifest: SessionManifest(sensors: [sensor]),
                                      recordings: [SensorRecording(sensor: sensor, columns: .imu(magnetometer: false), timesS: times, values: values)])
        try session.write(to: folder)
        let read = try RecordedSession.read(from: folder)
        #expect(read.recordings[0].values.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(read.recordings[0].timesS == times)
    }

    @Test func sessionWriteRefusesMismatchedRecordings() throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let insole = SensorDescriptor(id: "lin", kind: .insole, placement: .leftInsole, file: "l.csv", rateHz: 100,
                                      cells: [InsoleCell(xMm: 1, yMm: 2, areaMm2: 3)])
        let wrongColumns = RecordedSession(manifest: SessionManifest(sensors: [insole]),
                                           recordings: [SensorRecording(sensor: insole, columns: .insole(cellCount: 2), timesS: [], values: [])])
        #expect(sessionError { try wrongColumns.write(to: folder) }?.keyPath == "sensors[0]")
        let missing = RecordedSession(manifest: SessionManifest(sensors: [insole]), recordings: [])
        #expect(sessionError { try missing.write(to: folder) } != nil)
        let shortValues = RecordedSession(manifest: SessionManifest(sensors: [insole]),
                                          recordings: [SensorRecording(sensor: insole, columns: .insole(cellCount: 1), timesS: [0, 1], values: [1])])
        #expect(sessionError { try shortValues.write(to: folder) } != nil)
    }
}
