import Foundation
import GaitCore
import GaitSessionFiles

/// `gait import`: other systems' per-sensor files, through an `ImportMapping`, into a
/// gait-session-csv/1 folder written by `SensorFileWriter` and `SessionManifestWriter`.
///
/// Times: each file's time column converted to seconds (s, ms, µs, or ISO-8601 date-times); the
/// files keep their relations to each other, and the earliest first sample of any file becomes
/// 0 s of the session clock. Values: converted to m/s², rad/s, µT and kPa (`ImportUnits`).
/// Bad input is refused with the reader's rules and its kind of message: the source file, the
/// line, the column, what is wrong and what to do. The session written is read back completely
/// with the session reader before the import reports success.
public enum SessionImporter {
    public struct Summary: Sendable {
        /// Per sensor: id and samples written.
        public var samples: [(id: String, count: Int)] = []
        /// The source time that became 0 s: seconds in the time column's own scale (for
        /// ISO-8601, seconds since 1970-01-01T00:00:00Z, to about 0.2 µs).
        public var timeZeroS = 0.0
    }

    /// - Parameters:
    ///   - folder: where the mapping's `file`s are.
    ///   - out: the session folder to create; it must not exist yet, or be empty.
    /// - Throws: `SessionFileError` for bad input (exit 65), `ImportOutputError` when the output
    ///   cannot be written (exit 73).
    public static func run(folder: URL, mapping: ImportMapping, out: URL) throws -> Summary {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        guard existing.isEmpty else {
            throw ImportOutputError(description: "\(out.path) already exists and is not empty. Fix: give --out a new folder, so no session is overwritten.")
        }
        do { try PrivateFiles.createFolder(out) } catch {
            throw ImportOutputError(description: "\(out.path) cannot be created (\(error.localizedDescription)). Fix: choose a folder you can write to.")
        }

        var sources = mapping.sensors.map { SourceFile(sensor: $0, folder: folder, isoOriginS: 0) }
        // ISO-8601 times are counted from a whole second near the data (the first file's first),
        // so that the Doubles keep their microseconds.
        if mapping.sensors.first?.time.unit == "iso8601", var first = try? sources[0].open(), let t = try first.nextSample()?.timeS {
            sources = sources.map { SourceFile(sensor: $0.sensor, folder: folder, isoOriginS: Int64(t.rounded(.down))) }
        }
        // Pass 1: every file's first time, so all share one zero.
        var firstTimes: [Double] = []
        for source in sources {
            var reader = try source.open()
            guard let first = try reader.nextSample() else {
                throw SessionFileError(file: source.displayPath, problem: "the file has a header and no samples", remedy: "Map only files that hold data.")
            }
            firstTimes.append(first.timeS)
        }
        var summary = Summary()
        let zeroS = firstTimes.min() ?? 0
        summary.timeZeroS = Double(sources.first?.isoOriginS ?? 0) + zeroS

        // Pass 2: convert and write.
        var descriptors: [SensorDescriptor] = []
        for source in sources {
            let sensor = source.sensor
            let columns: SensorColumns = sensor.kind == .imu
                ? .imu(magnetometer: sensor.columns?["mx"] != nil)
                : .insole(cellCount: sensor.cells?.count ?? 0)
            let file = "\(sensor.id).csv"
            let writer: SensorFileWriter
            do { writer = try SensorFileWriter(url: out.appendingPathComponent(file), columns: columns) } catch {
                throw ImportOutputError(description: "\(error)")
            }
            var reader = try source.open()
            var count = 0
            while let sample = try reader.nextSample() {
                do {
                    try writer.append(timeS: sample.timeS - zeroS, values: sample.values)
                } catch let error as SessionFileError {
                    // The times were checked as read; what is left is a time so large that
                    // subtracting the zero lost its order, or the disk.
                    throw ImportOutputError(description: "\(error)")
                }
                count += 1
            }
            do { try writer.close() } catch { throw ImportOutputError(description: "\(error)") }
            summary.samples.append((sensor.id, count))
            descriptors.append(SensorDescriptor(
                id: sensor.id, kind: sensor.kind, placement: sensor.placement, file: file, rateHz: sensor.rateHz,
                cells: sensor.cells?.map { InsoleCell(xMm: $0.x, yMm: $0.y, areaMm2: $0.areaMm2) }))
        }
        let manifest = SessionManifest(
            subject: mapping.subject.map { Subject(id: $0.id, massKg: $0.massKg, heightM: $0.heightM) },
            activity: mapping.activity, treadmillSpeedMps: mapping.treadmillSpeedMps,
            standing: mapping.standing.map { TimeSpan(start: $0.start, end: $0.end) }, sensors: descriptors)
        try SessionManifestWriter.write(manifest, to: out)

        // Read back with the session reader: what was written is a valid session.
        let session = try SessionFolder.open(out)
        for sensor in session.manifest.sensors {
            var reader = try session.reader(for: sensor, blockSize: 65_536)
            while try reader.nextBlock() != nil {}
        }
        return summary
    }
}

/// The output could not be written.
public struct ImportOutputError: Error, CustomStringConvertible {
    public let description: String
}

/// One source file as the mapping describes it.
struct SourceFile {
    let sensor: ImportMapping.Sensor
    let folder: URL
    /// ISO-8601 times are returned as seconds after this one (since 1970).
    let isoOriginS: Int64
    var displayPath: String { sensor.file }

    func open() throws -> SourceReader {
        try SourceReader(sensor: sensor, url: folder.appendingPathComponent(sensor.file), displayPath: displayPath, isoOriginS: isoOriginS)
    }
}

/// Reads one source file's samples, converted, checking each cell by the session reader's rules.
struct SourceReader {
    private let sensor: ImportMapping.Sensor
    private let lines: DelimitedLines
    private let headerCount: Int
    private let timeIndex: Int
    /// Per output value: source column index, its name, and the factor (sign included).
    private let valueColumns: [(index: Int, name: String, factor: Double)]
    private let iso: ISO8601Seconds?
    private let timeFactor: Double
    private let isoOriginS: Int64
    private var lastTime: (value: Double, line: Int)?
    private var values: [Double]

    init(sensor: ImportMapping.Sensor, url: URL, displayPath: String, isoOriginS: Int64) throws {
        self.sensor = sensor
        self.isoOriginS = isoOriginS
        let delimiter = sensor.delimiter?.utf8.first ?? UInt8(ascii: ",")
        lines = try DelimitedLines(url: url, displayPath: displayPath, delimiter: delimiter)
        let headerLine = sensor.headerLine ?? 1
        var header: [String]?
        while lines.lineNumber < headerLine { header = try lines.next(); if header == nil { break } }
        guard let header else {
            throw SessionFileError(file: displayPath, line: headerLine, problem: "the file ends before its header line \(headerLine)",
                                   remedy: "Set headerLine in the mapping to the line with the column names.")
        }
        headerCount = header.count
        func index(_ name: String, _ key: String) throws -> Int {
            guard let i = header.firstIndex(of: name) else {
                let hint = header.count == 1 && header[0].contains(where: { ";\t".contains($0) })
                    ? " (the header has a single column: is the delimiter right?)" : ""
                throw SessionFileError(file: displayPath, line: headerLine, column: name,
                                       problem: "no column named \"\(name)\"\(hint); the header has: \(header.joined(separator: ", "))",
                                       remedy: "Fix \(key) in the mapping to one of the header's names.")
            }
            return i
        }
        timeIndex = try index(sensor.time.column, "time.column")
        var columns: [(Int, String, Double)] = []
        switch sensor.kind {
        case .imu:
            let names = ImportMapping.imuColumns + (sensor.columns?["mx"] != nil ? ImportMapping.magnetometerColumns : [])
            for name in names {
                let column = sensor.columns![name]!
                let quantity: ImportUnits.Quantity = name.hasPrefix("a") ? .acceleration : name.hasPrefix("g") ? .angularVelocity : .magneticField
                let factor = ImportUnits.factor(column.unit, quantity)! * (column.negate == true ? -1 : 1)
                columns.append((try index(column.column, "columns.\(name).column"), column.column, factor))
            }
        case .insole:
            for (c, cell) in (sensor.cells ?? []).enumerated() {
                columns.append((try index(cell.column, "cells[\(c)].column"), cell.column, ImportUnits.factor(cell.unit, .pressure)!))
            }
        }
        valueColumns = columns
        iso = sensor.time.unit == "iso8601" ? ISO8601Seconds() : nil
        timeFactor = ImportUnits.secondsFactor(sensor.time.unit) ?? 1
        values = [Double](repeating: 0, count: columns.count)
    }

    /// The next sample: time in seconds of the source's scale, values in SI units; nil at the end.
    mutating func nextSample() throws -> (timeS: Double, values: [Double])? {
        var cells: [String]?
        repeat { cells = try lines.next() } while cells == [""]   // blank lines are skipped
        guard let cells else { return nil }
        let line = lines.lineNumber
        guard cells.count == headerCount else {
            throw SessionFileError(file: lines.displayPath, line: line,
                                   problem: "\(cells.count) cells where the header has \(headerCount)",
                                   remedy: cells.count < headerCount ? "Complete or delete the line (a truncated write?)." : "Check the delimiter and that no value contains it.")
        }
        let timeText = cells[timeIndex]
        let time: Double
        if let iso {
            guard let seconds = iso.seconds(timeText) else {
                throw SessionFileError(file: lines.displayPath, line: line, column: sensor.time.column,
                                       problem: "\"\(timeText)\" is not an ISO-8601 date-time",
                                       remedy: "Write times like 2026-11-03T10:15:02.125Z or 2026-11-03T11:15:02.125+01:00, or map a numeric time column.")
            }
            time = Double(seconds.whole - isoOriginS) + seconds.fraction
        } else {
            time = try number(timeText, column: sensor.time.column, line: line) * timeFactor
        }
        if let last = lastTime, !(time > last.value) {
            throw SessionFileError(file: lines.displayPath, line: line, column: sensor.time.column,
                                   problem: "time does not increase (\(timeText) after line \(last.line)'s)",
                                   remedy: "Sort the rows by time and remove duplicated rows; check the time unit in the mapping.")
        }
        lastTime = (time, line)
        for (k, column) in valueColumns.enumerated() {
            values[k] = try number(cells[column.index], column: column.name, line: line) * column.factor
        }
        return (time, values)
    }

    private func number(_ text: String, column: String, line: Int) throws -> Double {
        guard !text.isEmpty else {
            throw SessionFileError(file: lines.displayPath, line: line, column: column, problem: "the cell is empty",
                                   remedy: "Every sample needs every value; remove the line or fill it from the source system, not by guessing.")
        }
        guard let value = Double(text), value.isFinite else {
            let comma = text.contains(",") ? " (a decimal comma? use '.')" : ""
            throw SessionFileError(file: lines.displayPath, line: line, column: column, problem: "\"\(text)\" is not a finite number\(comma)",
                                   remedy: "Write plain decimal numbers (e.g. -0.125, 1.5e-3); NaN and infinities are not data.")
        }
        return value
    }
}
