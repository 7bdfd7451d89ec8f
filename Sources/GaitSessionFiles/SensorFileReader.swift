import Foundation
import GaitCore

/// Streams one sensor file in blocks of samples; memory is bounded by the block size and one
/// 1 MiB read buffer, not by the file.
///
/// The header is read and checked against the sensor's session.json entry when the reader is
/// created. Each `nextBlock()` then parses up to `blockSize` lines, checking every value (a finite
/// decimal number), the cell count and that `t` strictly increases, and records gaps.
///
/// A truncated write at the end of the file (a last line with missing cells, or an unterminated
/// last line whose last cell is cut off mid-number) is not thrown: the lines before it are
/// returned, and `truncatedLastLine` says which line was dropped, so the caller can mark the
/// result partial.
///
/// Copies of a reader share one underlying file position; use one reader from one place.
public struct SensorFileReader {
    public let sensor: SensorDescriptor
    /// The columns of the header, which fit the sensor's session.json entry.
    public let columns: SensorColumns
    private let parser: SensorFileParser

    /// True when the IMU file has `mx,my,mz` columns.
    public var hasMagnetometer: Bool { columns.hasMagnetometer }
    /// Gaps found so far, in file order. At most `SensorFileReader.maxRecordedGaps` are kept;
    /// `gapCount` counts them all.
    public var gaps: [SampleGap] { parser.gaps }
    /// Number of gaps found so far, including any beyond `maxRecordedGaps`.
    public var gapCount: Int { parser.gapCount }
    /// Set when the last line was a truncated write; the samples before it are complete, and a
    /// result built from them is partial.
    public var truncatedLastLine: SessionFileError? { parser.truncatedLastLine }
    /// Samples returned so far. A file with a header and no data gives 0 and no error.
    public var samplesRead: Int { parser.samplesRead }
    /// Path of the file as used in messages.
    public var displayPath: String { parser.lines.displayPath }

    /// Gaps kept in `gaps`: a wrong `rateHz` in session.json would make every step a gap, and
    /// memory must not grow with the file.
    public static let maxRecordedGaps = 100_000

    /// Opens `sensor.file` in `folder` and checks its header against `sensor`.
    /// - Parameter blockSize: samples per block; values below 1 are taken as 1.
    public init(sensor: SensorDescriptor, folder: URL, blockSize: Int = 4096) throws {
        try self.init(sensor: sensor, folder: folder, blockSize: blockSize, sensorIndex: nil)
    }

    /// `sensorIndex` is the sensor's position in session.json, used to name `sensors[i]` in
    /// messages about a disagreement between the file and its entry.
    init(sensor: SensorDescriptor, folder: URL, blockSize: Int, sensorIndex: Int?) throws {
        let lines = try LineReader(
            path: folder.appendingPathComponent(sensor.file).path,
            displayPath: displayPathOf(file: sensor.file, in: folder),
            maxLineBytes: SensorFileReader.maxHeaderBytes)
        try self.init(sensor: sensor, lines: lines, blockSize: blockSize, sensorIndex: sensorIndex)
    }

    /// Reads a sensor file whose bytes are already in memory, with the same checks and limits
    /// as a file on disk (the fuzzer's way in).
    /// - Parameters:
    ///   - displayPath: the name used in messages.
    ///   - maxReadBytes: at most this many bytes are handed to the line splitter at a time, as
    ///     short reads from a pipe would; the result does not depend on it.
    public init(sensor: SensorDescriptor, contents: [UInt8], displayPath: String, blockSize: Int = 4096,
                maxReadBytes: Int = Int.max) throws {
        // No larger buffer than the longest line needs: the bytes are in memory already.
        let lines = LineReader(bytes: contents, displayPath: displayPath, maxLineBytes: SensorFileReader.maxHeaderBytes,
                               bufferBytes: 0, maxReadBytes: maxReadBytes)
        try self.init(sensor: sensor, lines: lines, blockSize: blockSize, sensorIndex: nil)
    }

    /// A reader over any source of lines (the tests stream endless or generated input through it).
    init(sensor: SensorDescriptor, lines: LineReader, blockSize: Int, sensorIndex: Int?) throws {
        self.sensor = sensor
        let entry = sensorIndex.map { "sensors[\($0)]" } ?? "sensors[id=\"\(sensor.id)\"]"
        columns = try HeaderCheck.read(from: lines, sensor: sensor, entry: entry)
        lines.maxLineBytes = columns.maxLineBytes
        parser = SensorFileParser(lines: lines, sensor: sensor, columns: columns, blockSize: max(blockSize, 1))
    }

    /// Headers get a larger bound than data lines so that an insole file with far more columns
    /// than session.json lists is reported as a cell-count mismatch, not as a long line: 64 KiB
    /// holds the header of ~9 000 cells, far past `SessionLimits.maxInsoleCells`.
    static let maxHeaderBytes = 64 * 1024

    /// The next block of at most `blockSize` samples, or nil when the file has no more.
    /// After an error, every later call throws the same error.
    public mutating func nextBlock() throws -> SampleBlock? {
        try parser.nextBlock()
    }
}

/// The path of `file` inside `folder` as the user would recognise it: relative stays relative.
func displayPathOf(file: String, in folder: URL) -> String {
    let base = folder.relativePath
    if base.isEmpty || base == "." { return file }
    return base.hasSuffix("/") ? base + file : base + "/" + file
}

/// The mutable state of a `SensorFileReader`, in a class so that the reader's file descriptor
/// and buffer have one owner.
final class SensorFileParser {
    let lines: LineReader
    let sensor: SensorDescriptor
    let columns: SensorColumns
    let blockSize: Int
    private(set) var gaps: [SampleGap] = []
    private(set) var gapCount = 0
    private(set) var truncatedLastLine: SessionFileError?
    private(set) var samplesRead = 0

    private let gapThresholdS: Double
    /// Samples allowed per whole second of `t` (`SessionLimits.maxRateFactor`), and the count
    /// in the second being read, which ends at `densitySecondEndS`.
    private let maxSamplesPerSecond: Int
    private var samplesThisSecond = 0
    private var densitySecondEndS = -Double.infinity
    private var lastTimeS = 0.0
    private var lastLineNumber = 0
    private var finished = false
    private var failure: SessionFileError?
    /// One line's values, parsed before they are committed to the block, so a bad line leaves
    /// the block as it was. A buffer held by a `let`, not an array in a `var`: a class's `var`
    /// is checked for exclusive access at every write, which cost a tenth of the reading time.
    private let scratch: UnsafeMutableBufferPointer<Double>

    init(lines: LineReader, sensor: SensorDescriptor, columns: SensorColumns, blockSize: Int) {
        self.lines = lines
        self.sensor = sensor
        self.columns = columns
        self.blockSize = blockSize
        // session-csv.md: "a gap is any step between consecutive samples longer than 1.5 nominal
        // periods". Jitter and ±200 ppm rate error stay far below this.
        gapThresholdS = 1.5 / sensor.rateHz
        // +2: a second of t may hold one sample more than the rate at its two edges.
        maxSamplesPerSecond = Int(min(SessionLimits.maxRateFactor * sensor.rateHz, 1e9)) + 2
        scratch = .allocate(capacity: columns.valueCount)
        scratch.initialize(repeating: 0)
    }

    deinit { scratch.deallocate() }

    func nextBlock() throws -> SampleBlock? {
        if let failure { throw failure }
        if finished { return nil }
        do {
            return try parseBlock()
        } catch let error as SessionFileError {
            failure = error
            finished = true
            throw error
        }
    }

    private func parseBlock() throws -> SampleBlock? {
        let valueCount = columns.valueCount
        // Reserve for the common case without trusting a huge blockSize with memory up front.
        let reserve = min(blockSize, 1 << 16)
        var timesS: [Double] = []
        timesS.reserveCapacity(reserve)
        var values: [Double] = []
        values.reserveCapacity(reserve * valueCount)
        while timesS.count < blockSize {
            guard let line = try nextNonBlankLine() else {
                finished = true
                break
            }
            guard let timeS = try parse(line) else {
                finished = true
                break
            }
            try checkTime(timeS, line: line.number)
            timesS.append(timeS)
            values.append(contentsOf: scratch)
            samplesRead += 1
        }
        if timesS.isEmpty { return nil }
        return SampleBlock(timesS: timesS, values: values, valueCount: valueCount)
    }

    /// The next line that is not empty. Empty lines at the end of the file are ignored (some
    /// tools add one); an empty line followed by data is an error.
    private var pendingBlankLine: Int?

    private func nextNonBlankLine() throws -> BorrowedLine? {
        while let line = try lines.nextLine() {
            if line.count == 0 {
                if pendingBlankLine == nil { pendingBlankLine = line.number }
                continue
            }
            if let blank = pendingBlankLine {
                throw SessionFileError(
                    file: lines.displayPath, line: blank, problem: "line \(blank) is empty",
                    remedy: "Remove the empty line; every line after the header is one sample.")
            }
            return line
        }
        return nil
    }

    /// Parses one data line into `scratch`; returns its time, or nil when the line is a
    /// truncated write at the end of the file (then `truncatedLastLine` is set).
    private func parse(_ line: BorrowedLine) throws -> Double? {
        let columnCount = columns.names.count
        let comma = UInt8(ascii: ",")
        let lineEnd = line.bytes + line.count
        var cursor = line.bytes
        var cell = 0
        var timeS = 0.0
        while true {
            let cellStart = cursor
            while cursor < lineEnd, cursor.pointee != comma { cursor += 1 }
            if cell >= columnCount {
                throw tooManyCells(line, found: cellCount(line))
            }
            let isLastCellOfLine = cursor == lineEnd
            switch DecimalParser.parse(cellStart, count: cursor - cellStart) {
            case .value(let value):
                if cell == 0 { timeS = value } else { scratch[cell - 1] = value }
            case .invalid, .outOfRange:
                if !line.hasLineEnd, isLastCellOfLine,
                   DecimalParser.isIncompletePrefix(cellStart, count: cursor - cellStart) {
                    markTruncated(line, cellsFound: cell + 1, reason: "its last cell ends in the middle of a number")
                    return nil
                }
                throw CellProblem.error(
                    file: lines.displayPath, line: line.number, column: columns.names[cell],
                    bytes: UnsafeBufferPointer(start: cellStart, count: cursor - cellStart))
            }
            cell += 1
            if isLastCellOfLine { break }
            cursor += 1
        }
        if cell < columnCount {
            // A last line with missing cells is a truncated write; anywhere else it is an error.
            let isLastLine = try !line.hasLineEnd || nextNonBlankLine() == nil
            if isLastLine {
                markTruncated(line, cellsFound: cell, reason: "it has \(cell) of \(columnCount) cells")
                return nil
            }
            let missing = columns.names[cell...].joined(separator: ",")
            throw SessionFileError(
                file: lines.displayPath, line: line.number, column: columns.names[cell],
                problem: "line \(line.number) has \(cell) cells but the header has \(columnCount) (missing \(missing))",
                remedy: "Give every line one value per header column, or remove the line.")
        }
        return timeS
    }

    private func checkTime(_ timeS: Double, line: Int) throws {
        if samplesRead > 0 {
            let stepS = timeS - lastTimeS
            if !(timeS > lastTimeS) {
                let what = timeS == lastTimeS
                    ? "time does not increase (\(timeS) on line \(line) equals \(lastTimeS) on line \(lastLineNumber))"
                    : "time goes backwards (\(timeS) on line \(line) after \(lastTimeS) on line \(lastLineNumber))"
                throw SessionFileError(
                    file: lines.displayPath, line: line, column: "t", problem: what,
                    remedy: "t must strictly increase; sort the samples by time and remove duplicates.")
            }
            if stepS > gapThresholdS {
                gapCount += 1
                if gaps.count < SensorFileReader.maxRecordedGaps {
                    // Clamped: a hostile file may jump by 1e300 s, beyond what an Int can count.
                    let periods = (stepS * sensor.rateHz).rounded()
                    let missing = periods < 1e15 ? max(Int(periods) - 1, 1) : Int(1e15)
                    gaps.append(SampleGap(sensorID: sensor.id, start: lastTimeS, end: timeS, duration: stepS,
                                          missingSamples: missing, line: line))
                }
            }
        }
        try checkDensity(timeS, line: line)
        lastTimeS = timeS
        lastLineNumber = line
    }

    /// Bounds the samples per second of `t` (see `SessionLimits.maxRateFactor`); one compare
    /// per sample while within a second.
    private func checkDensity(_ timeS: Double, line: Int) throws {
        if timeS >= densitySecondEndS {
            densitySecondEndS = timeS.rounded(.down) + 1
            samplesThisSecond = 0
        }
        samplesThisSecond += 1
        if samplesThisSecond > maxSamplesPerSecond {
            let secondStartS = densitySecondEndS - 1
            throw SessionFileError(
                file: lines.displayPath, line: line, column: "t",
                problem: "more than \(maxSamplesPerSecond) samples between t = \(secondStartS) s and \(densitySecondEndS) s: over \(Int(SessionLimits.maxRateFactor)) times the nominal \(sensor.rateHz) Hz of session.json",
                remedy: "Check rateHz in session.json and that t is in seconds; gait reads at most \(Int(SessionLimits.maxRateFactor))× the nominal rate.")
        }
    }

    private func markTruncated(_ line: BorrowedLine, cellsFound: Int, reason: String) {
        truncatedLastLine = SessionFileError(
            file: lines.displayPath, line: line.number,
            problem: "the last line (\(line.number)) is a truncated write: \(reason); the \(samplesRead) samples before it were read and the result is partial",
            remedy: "If the recording was cut off, nothing needs doing; otherwise export the file again.")
    }

    private func cellCount(_ line: BorrowedLine) -> Int {
        var count = 1
        for index in 0..<line.count where line.bytes[index] == UInt8(ascii: ",") { count += 1 }
        return count
    }

    private func tooManyCells(_ line: BorrowedLine, found: Int) -> SessionFileError {
        SessionFileError(
            file: lines.displayPath, line: line.number,
            problem: "line \(line.number) has \(found) cells but the header has \(columns.names.count)",
            remedy: "Remove the extra cells. If a spreadsheet wrote decimal commas (1,5), export with a decimal point (1.5).")
    }
}
