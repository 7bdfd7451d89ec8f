import Foundation
import GaitCore
import Testing
@testable import GaitSessionFiles

@Suite("Streaming in blocks")
struct StreamingTests {
    @Test func blockSizeDoesNotChangeTheSamples() throws {
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let sensor = SensorDescriptor(id: "lf", kind: .imu, placement: .leftFoot, file: "lf.csv", rateHz: 500)
        var generator = SeededGenerator(seed: 7)
        let writer = try SensorFileWriter(url: folder.appendingPathComponent("lf.csv"), columns: .imu(magnetometer: true))
        var expectedTimes: [Double] = []
        var expectedValues: [Double] = []
        for i in 0..<1000 {
            let values = (0..<9).map { _ in Double.random(in: -100...100, using: &generator) }
            let timeS = Double(i) / 500 + (i >= 600 ? 0.05 : 0)  // one gap at sample 600
            try writer.append(timeS: timeS, values: values)
            expectedTimes.append(timeS)
            expectedValues += values
        }
        try writer.close()

        var gapsSeen: [[SampleGap]] = []
        for blockSize in [1, 7, 4096] {
            var reader = try SensorFileReader(sensor: sensor, folder: folder, blockSize: blockSize)
            #expect(reader.hasMagnetometer)
            var times: [Double] = []
            var values: [Double] = []
            var blocks = 0
            while let block = try reader.nextBlock() {
                #expect(block.count <= blockSize && block.count > 0)
                #expect(block.values.count == block.count * 9)
                #expect(Array(block.sample(block.count - 1)) == Array(block.values.suffix(9)))
                times += block.timesS
                values += block.values
                blocks += 1
            }
            #expect(times.map(\.bitPattern) == expectedTimes.map(\.bitPattern), "blockSize \(blockSize)")
            #expect(values.map(\.bitPattern) == expectedValues.map(\.bitPattern), "blockSize \(blockSize)")
            #expect(blocks == (1000 + blockSize - 1) / blockSize)
            #expect(reader.samplesRead == 1000)
            gapsSeen.append(reader.gaps)
        }
        #expect(gapsSeen[0].count == 1 && gapsSeen[0] == gapsSeen[1] && gapsSeen[1] == gapsSeen[2])
        #expect(gapsSeen[0].first?.line == 602)
    }

    @Test func smallReadBufferSplitsLinesCorrectly() throws {
        // Lines straddling buffer refills, with CRLF split between two reads.
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let lines = (0..<500).map { "line\($0)" + String(repeating: "x", count: $0 % 37) }
        let url = folder.appendingPathComponent("lines.txt")
        try writeFile(lines.joined(separator: "\r\n"), to: url)
        let reader = try LineReader(path: url.path, displayPath: "lines.txt", maxLineBytes: 60, bufferBytes: 64)
        var read: [String] = []
        while let line = try reader.nextLine() {
            read.append(String(decoding: UnsafeBufferPointer(start: line.bytes, count: line.count), as: UTF8.self))
            #expect(line.number == read.count)
        }
        #expect(read == lines)
    }
}
