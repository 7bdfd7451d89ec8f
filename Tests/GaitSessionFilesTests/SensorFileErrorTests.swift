import Foundation
import GaitCore
import Testing
@testable import GaitSessionFiles

/// Every rejection of a sensor file names the file and the line; the truncated-write rules.
@Suite("Sensor file rejections and tolerances")
struct SensorFileErrorTests {
    static let goodLines = ["0.00,0.1,0.2,9.81,0.01,0.02,0.03", "0.01,0.1,0.2,9.81,0.01,0.02,0.03", "0.02,0.1,0.2,9.81,0.01,0.02,0.03"]

    /// The error reading pelvis.csv with these lines after a good header.
    func dataError(_ lines: [String], lineEnd: String = "\n") throws -> SessionFileError {
        try fileError(Array(([imuHeader] + lines).joined(separator: lineEnd).utf8) + Array(lineEnd.utf8))
    }

    func fileError(_ bytes: [UInt8]) throws -> SessionFileError {
        let error = try #require(sessionError { _ = try readPelvis(bytes) }, "expected a rejection")
        #expect(error.file.hasSuffix("pelvis.csv"))
        #expect(error.description.contains("pelvis.csv"))
        #expect(!error.remedy.isEmpty)
        return error
    }

    @Test func goodFileReads() throws {
        let recording = try readPelvis(([imuHeader] + Self.goodLines).joined(separator: "\n") + "\n")
        #expect(recording.timesS == [0, 0.01, 0.02])
        #expect(Array(recording.sample(2)) == [0.1, 0.2, 9.81, 0.01, 0.02, 0.03])
        #expect(!recording.isPartial)
    }

    @Test func missingColumnInHeader() throws {
        let error = try fileError(Array("t,ax,ay,az,gx,gy\n0,1,2,3,4,5\n".utf8))
        #expect(error.line == 1)
        #expect(error.problem.contains("gz"))
    }

    @Test func misspelledHeader() throws {
        let error = try fileError(Array("t,ax,AY,az,gx,gy,gz\n".utf8))
        #expect(error.line == 1)
        #expect(error.problem.contains("column 3"))
    }

    @Test func missingCellInTheMiddle() throws {
        let error = try dataError([Self.goodLines[0], "0.01,0.1,0.2,9.81,0.01,0.02", Self.goodLines[2]])
        #expect(error.line == 3)
        #expect(error.column == "gz")
        #expect(error.problem.contains("6 cells") || error.problem.contains("has 6"))
    }

    @Test func extraCell() throws {
        let error = try dataError([Self.goodLines[0], "0.01,0.1,0.2,9.81,0.01,0.02,0.03,7"])
        #expect(error.line == 3)
        #expect(error.problem.contains("8 cells"))
    }

    @Test func extraCellOnUnterminatedLastLineIsAnError() throws {
        let bytes = Array((imuHeader + "\n" + Self.goodLines[0] + "\n0.01,1,2,3,4,5,6,7").utf8)
        #expect(try fileError(bytes).line == 3)
    }

    @Test(arguments: [
        ("abc", "not a decimal number"), ("NaN", "finite"), ("nan", "finite"), ("inf", "finite"), ("-inf", "finite"),
        ("Infinity", "finite"), ("", "empty"), (" 0.2", "space"), ("0.2 ", "space"), ("0x1p3", "hexadecimal"),
        ("1.", "not a decimal"), (".5", "not a decimal"), ("1,5", "cells"), ("1e999", "range"), ("−0.2", "non-ASCII"),
    ])
    func badCell(_ cell: String, _ expected: String) throws {
        let error = try dataError([Self.goodLines[0], "0.01,0.1,\(cell),9.81,0.01,0.02,0.03", Self.goodLines[2]])
        #expect(error.line == 3)
        #expect(error.problem.contains(expected), "\(error)")
        if expected != "cells" {
            #expect(error.column == "ay")
            if !cell.isEmpty { #expect(error.description.contains(cell), "text found is named") }
        }
    }

    @Test func badTime() throws {
        let error = try dataError([Self.goodLines[0], "x0.01,0.1,0.2,9.81,0.01,0.02,0.03"])
        #expect(error.line == 3)
        #expect(error.column == "t")
    }

    @Test func timeBackwards() throws {
        let error = try dataError([Self.goodLines[0], Self.goodLines[1], "0.005,0.1,0.2,9.81,0.01,0.02,0.03"])
        #expect(error.line == 4)
        #expect(error.column == "t")
        #expect(error.problem.contains("backwards"))
        #expect(error.problem.contains("0.005") && error.problem.contains("0.01"))
    }

    @Test func timeEqual() throws {
        let error = try dataError([Self.goodLines[0], Self.goodLines[1], Self.goodLines[1]])
        #expect(error.line == 4)
        #expect(error.problem.contains("does not increase"))
    }

    @Test func emptyFile() throws {
        let error = try fileError([])
        #expect(error.line == 1)
        #expect(error.problem.contains("empty"))
        #expect(try fileError([0xEF, 0xBB, 0xBF]).problem.contains("empty"))
    }

    @Test(arguments: ["t,ax,ay,az,gx,gy,gz\n", "t,ax,ay,az,gx,gy,gz", "t,ax,ay,az,gx,gy,gz\r\n", "t,ax,ay,az,gx,gy,gz\n\n"])
    func headerOnlyIsZeroSamples(_ text: String) throws {
        let folder = try makeSession(manifest: manifestText(sensors: [pelvisEntry]), files: ["pelvis.csv": Array(text.utf8)])
        defer { removeFolder(folder) }
        let session = try SessionFolder.open(folder)
        var reader = try session.reader(for: session.manifest.sensors[0])
        #expect(try reader.nextBlock() == nil)
        #expect(reader.samplesRead == 0)
        #expect(reader.truncatedLastLine == nil)
        #expect(try reader.nextBlock() == nil)
    }

    @Test func hugeLineIsRejectedWithoutReadingIt() throws {
        // 10 MB without a line end after the header.
        var bytes = Array((imuHeader + "\n").utf8)
        bytes.append(contentsOf: [UInt8](repeating: UInt8(ascii: "1"), count: 10_000_000))
        let error = try fileError(bytes)
        #expect(error.line == 2)
        #expect(error.problem.contains("longer than \(SensorColumns.imu(magnetometer: false).maxLineBytes) bytes"))
    }

    @Test func hugeHeaderIsRejected() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "t"), count: 3_000_000)
        let error = try fileError(bytes)
        #expect(error.line == 1)
        #expect(error.problem.contains("longer than"))
    }

    @Test func lineReaderMemoryStaysBounded() throws {
        // The reader's buffer is fixed: a 10 MB line is refused after at most one buffer's worth.
        let folder = try makeTemporaryFolder()
        defer { removeFolder(folder) }
        let url = folder.appendingPathComponent("big.csv")
        try writeBytes([UInt8](repeating: UInt8(ascii: "7"), count: 10_000_000), to: url)
        let reader = try LineReader(path: url.path, displayPath: "big.csv", maxLineBytes: 400, bufferBytes: 4096)
        let error = try #require(sessionError { _ = try reader.nextLine() })
        #expect(error.problem == "line 1 is longer than 400 bytes")
    }

    @Test func nonUTF8Bytes() throws {
        var bytes = Array((imuHeader + "\n" + Self.goodLines[0] + "\n0.01,0.1,").utf8)
        bytes += [0xFF, 0xFE, 0x31]
        bytes += Array(",9.81,0.01,0.02,0.03\n".utf8)
        let error = try fileError(bytes)
        #expect(error.line == 3)
        #expect(error.problem.contains("UTF-8"))
        #expect(error.problem.contains("0xFF"))
    }

    @Test func crlfReadsLikeLF() throws {
        let lf = try readPelvis(([imuHeader] + Self.goodLines).joined(separator: "\n") + "\n")
        let crlf = try readPelvis(([imuHeader] + Self.goodLines).joined(separator: "\r\n") + "\r\n")
        #expect(lf == crlf)
        #expect(crlf.timesS.count == 3)
        // Errors still count lines right in a CRLF file.
        #expect(try dataError([Self.goodLines[0], "0.01,bad,0,0,0,0,0"], lineEnd: "\r\n").line == 3)
    }

    @Test func byteOrderMarkAccepted() throws {
        let plain = try readPelvis(([imuHeader] + Self.goodLines).joined(separator: "\n") + "\n")
        let withBOM = try readPelvis([0xEF, 0xBB, 0xBF] + Array((([imuHeader] + Self.goodLines).joined(separator: "\n") + "\n").utf8))
        #expect(plain == withBOM)
    }

    @Test func byteOrderMarkInsideDataIsAnError() throws {
        let bytes = Array((imuHeader + "\n").utf8) + [0xEF, 0xBB, 0xBF] + Array((Self.goodLines[0] + "\n").utf8)
        #expect(try fileError(bytes).line == 2)
    }

    @Test func lastLineWithoutLineEndAccepted() throws {
        let recording = try readPelvis(([imuHeader] + Self.goodLines).joined(separator: "\n"))
        #expect(recording.timesS == [0, 0.01, 0.02])
        #expect(!recording.isPartial)
    }

    @Test(arguments: [
        "0.03,0.1,0.2",                        // cut after a cell
        "0.03,0.1,0.2,",                       // cut after a comma
        "0.03,0.1,0.",                         // cut inside a number
        "0.03,0.1,0.2,9.81,0.01,0.02,3e",      // every cell there, the last one cut
        "0.03,0.1,0.2,9.81,0.01,0.02,1.",
        "0.03,0.1,0.2,9.81,0.01,0.02,-",
        "0.0",
    ])
    func truncatedLastLine(_ last: String) throws {
        let text = ([imuHeader] + Self.goodLines + [last]).joined(separator: "\n")
        let recording = try readPelvis(text)
        #expect(recording.timesS == [0, 0.01, 0.02], "the lines before are kept")
        #expect(recording.isPartial)
        let reason = try #require(recording.truncatedLastLine)
        #expect(reason.line == 5)
        #expect(reason.file.hasSuffix("pelvis.csv"))
        #expect(reason.problem.contains("truncated"))
    }

    @Test func cutLeavingACompleteNumberCannotBeDetected() throws {
        // "0.0" may be "0.03" cut short, but it is a complete line: accepted as it is.
        let text = ([imuHeader] + Self.goodLines + ["0.03,0.1,0.2,9.81,0.01,0.02,0.0"]).joined(separator: "\n")
        let recording = try readPelvis(text)
        #expect(recording.timesS.count == 4)
        #expect(!recording.isPartial)
    }

    @Test func truncatedLastLineWithLineEnd() throws {
        let text = ([imuHeader] + Self.goodLines + ["0.03,0.1,0.2", "", ""]).joined(separator: "\n")
        let recording = try readPelvis(text)
        #expect(recording.timesS.count == 3)
        #expect(recording.truncatedLastLine?.line == 5)
    }

    @Test func truncatedLineReaderKeepsBlocks() throws {
        let text = ([imuHeader] + Self.goodLines + ["0.03,0.1"]).joined(separator: "\n")
        let folder = try makeSession(manifest: manifestText(sensors: [pelvisEntry]), files: ["pelvis.csv": Array(text.utf8)])
        defer { removeFolder(folder) }
        let session = try SessionFolder.open(folder)
        var reader = try session.reader(for: session.manifest.sensors[0], blockSize: 2)
        #expect(try reader.nextBlock()?.count == 2)
        #expect(try reader.nextBlock()?.count == 1)
        #expect(try reader.nextBlock() == nil)
        #expect(reader.samplesRead == 3)
        #expect(reader.truncatedLastLine?.line == 5)
    }

    @Test func unterminatedLastLineWithBadCellIsAnError() throws {
        let bytes = Array((([imuHeader] + Self.goodLines).joined(separator: "\n") + "\n0.03,0.1,x").utf8)
        let error = try fileError(bytes)
        #expect(error.line == 5)
        #expect(error.column == "ay")
    }

    @Test func emptyLineInTheMiddleIsAnError() throws {
        let error = try dataError([Self.goodLines[0], "", Self.goodLines[1]])
        #expect(error.line == 3)
        #expect(error.problem.contains("empty"))
    }

    @Test func errorsRepeatInsteadOfHanging() throws {
        let text = ([imuHeader, Self.goodLines[0], "0.01,a,0,0,0,0,0"] + Self.goodLines).joined(separator: "\n")
        let folder = try makeSession(manifest: manifestText(sensors: [pelvisEntry]), files: ["pelvis.csv": Array(text.utf8)])
        defer { removeFolder(folder) }
        let session = try SessionFolder.open(folder)
        var reader = try session.reader(for: session.manifest.sensors[0], blockSize: 1)
        #expect(try reader.nextBlock()?.timesS == [0])
        let first = sessionError { _ = try reader.nextBlock() }
        let second = sessionError { _ = try reader.nextBlock() }
        #expect(first != nil && first == second)
    }

    @Test func insoleCellCountMismatchNamesBothFiles() throws {
        let folder = try makeSession(manifest: manifestText(sensors: [pelvisEntry, leftInsoleEntry]), files: [
            "pelvis.csv": Array("t,ax,ay,az,gx,gy,gz\n".utf8), "left_insole.csv": Array("t,p0,p1,p2\n0,1,2,3\n".utf8),
        ])
        defer { removeFolder(folder) }
        let error = try #require(sessionError { _ = try RecordedSession.read(from: folder) })
        #expect(error.file.hasSuffix("left_insole.csv"))
        #expect(error.line == 1)
        #expect(error.keyPath == "sensors[1].cells")
        #expect(error.description.contains("left_insole.csv") && error.description.contains("session.json"))
        #expect(error.problem.contains("3 pressure columns") && error.problem.contains("2 cells"))
    }

    @Test func imuHeaderInAnInsoleFile() throws {
        let folder = try makeSession(manifest: manifestText(sensors: [leftInsoleEntry]), files: [
            "left_insole.csv": Array("t,ax,ay,az,gx,gy,gz\n".utf8),
        ])
        defer { removeFolder(folder) }
        let error = try #require(sessionError { _ = try RecordedSession.read(from: folder) })
        #expect(error.file.hasSuffix("left_insole.csv"))
        #expect(error.line == 1)
        #expect(error.remedy.contains("sensors[0].kind"))
    }

    @Test func insoleFileReads() throws {
        let folder = try makeSession(manifest: manifestText(sensors: [leftInsoleEntry]), files: [
            "left_insole.csv": Array("t,p0,p1\n0,1.5,2\n0.005,3,4e1\n".utf8),
        ])
        defer { removeFolder(folder) }
        let recording = try RecordedSession.read(from: folder).recordings[0]
        #expect(recording.columns == .insole(cellCount: 2))
        #expect(recording.values == [1.5, 2, 3, 40])
    }
}
