import Foundation
import GaitCore
import GaitSessionFiles

/// How another system's per-sensor files map onto a gait-session-csv/1 session: the mapping file
/// of `gait import` (docs/import-mapping.md). One entry per sensor: its file, which column holds
/// the time and each signal, and their units. Format `gait-import-mapping/1`.
public struct ImportMapping: Decodable, Sendable {
    public static let formatIdentifier = "gait-import-mapping/1"

    public var format: String
    public var subject: Subject?
    public var activity: String?
    public var treadmillSpeedMps: Double?
    /// Quiet standing on the imported session's clock (seconds after its first sample).
    public var standing: Interval?
    public var sensors: [Sensor]

    public struct Subject: Decodable, Sendable {
        public var id: String?
        public var massKg: Double?
        public var heightM: Double?
    }

    public struct Interval: Decodable, Sendable {
        public var start: Double
        public var end: Double
    }

    public struct Sensor: Decodable, Sendable {
        public var id: String
        public var kind: SensorKind
        public var placement: Placement
        /// The source file, relative to the import folder.
        public var file: String
        public var rateHz: Double
        /// One character; default ",".
        public var delimiter: String?
        /// 1-based line of the column names (lines before it, e.g. a device's preamble, are
        /// skipped); default 1.
        public var headerLine: Int?
        public var time: Column
        /// IMU: `ax ay az` (acceleration), `gx gy gz` (angular velocity), optionally `mx my mz`.
        public var columns: [String: Column]?
        /// Insole: one per cell, in order, each with its position, area and pressure column.
        public var cells: [Cell]?
    }

    public struct Column: Decodable, Sendable {
        /// The column's name in the source file's header.
        public var column: String
        /// The unit of its values (`ImportUnits`).
        public var unit: String
        /// Multiply by −1 first (an axis the device points the other way).
        public var negate: Bool?
    }

    public struct Cell: Decodable, Sendable {
        public var x: Double
        public var y: Double
        public var areaMm2: Double
        public var column: String
        public var unit: String
    }

    /// Reads and checks a mapping file: errors name the file, the key path and the fix.
    public static func read(_ url: URL) throws -> ImportMapping {
        let file = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw SessionFileError(file: url.path, problem: "the mapping file cannot be read (\(error.localizedDescription))",
                                   remedy: "Give the path of a mapping JSON file (docs/import-mapping.md).")
        }
        return try decode(data, file: file)
    }

    /// Decodes and checks a mapping from its bytes (`read` without the file system: the fuzzer
    /// feeds it). Errors name `file`, the key path and the fix.
    public static func decode(_ data: Data, file: String) throws -> ImportMapping {
        try ImportMappingKeys.check(data, file: file)
        let mapping: ImportMapping
        do {
            mapping = try JSONDecoder().decode(ImportMapping.self, from: data)
        } catch let error as DecodingError {
            throw Self.describe(error, file: file)
        } catch {
            // JSONDecoder documents only DecodingError; anything else is still the file's fault.
            throw SessionFileError(file: file, problem: "cannot be read as a mapping (\(error))",
                                   remedy: "Check the JSON against docs/import-mapping.md.")
        }
        try mapping.validate(file: file)
        return mapping
    }

    static func describe(_ error: DecodingError, file: String) -> SessionFileError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
        }
        let remedy = "See docs/import-mapping.md for the keys, their types and the allowed values."
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context.codingPath + [key])
            return SessionFileError(file: file, keyPath: at, problem: "the required key \(at) is missing", remedy: remedy)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return SessionFileError(file: file, keyPath: path(context.codingPath), problem: "wrong type: \(context.debugDescription)", remedy: remedy)
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            if at.isEmpty {
                return SessionFileError(file: file, problem: "not valid JSON (\(context.underlyingError.map { "\($0)" } ?? context.debugDescription))",
                                        remedy: "Fix the JSON syntax (a JSON linter shows where).")
            }
            return SessionFileError(file: file, keyPath: at,
                                    problem: "invalid value (\(context.debugDescription)); placements are \(Placement.allCases.map(\.rawValue).joined(separator: ", ")), kinds imu or insole",
                                    remedy: remedy)
        @unknown default:
            return SessionFileError(file: file, problem: "\(error)", remedy: remedy)
        }
    }

    static let imuColumns = ["ax", "ay", "az", "gx", "gy", "gz"]
    static let magnetometerColumns = ["mx", "my", "mz"]

    func validate(file: String) throws {
        guard format == Self.formatIdentifier else {
            throw SessionFileError(file: file, keyPath: "format", problem: "format is \"\(format)\", not \"\(Self.formatIdentifier)\"",
                                   remedy: "Start the mapping with \"format\": \"\(Self.formatIdentifier)\".")
        }
        guard !sensors.isEmpty else {
            throw SessionFileError(file: file, keyPath: "sensors", problem: "no sensors are mapped", remedy: "List one entry per sensor file.")
        }
        var ids = Set<String>(), placements = Set<Placement>()
        for (i, sensor) in sensors.enumerated() {
            let at = "sensors[\(i)]"
            func fail(_ key: String, _ problem: String, _ remedy: String) -> SessionFileError {
                SessionFileError(file: file, keyPath: "\(at).\(key)", problem: problem, remedy: remedy)
            }
            // The id names the output file (`<id>.csv`), which is written before session.json is
            // checked: "../x" would write outside the session folder, over a file already there.
            if let problem = Self.fileNameProblem(sensor.id) {
                throw fail("id", "the id \"\(sensor.id)\" \(problem), and the id becomes the file name \(sensor.id).csv",
                           "Give an id that is a plain name inside the session folder, e.g. \"pelvis\" or \"left-foot\".")
            }
            guard ids.insert(sensor.id).inserted else { throw fail("id", "the id \(sensor.id) is used twice", "Give each sensor its own id.") }
            guard placements.insert(sensor.placement).inserted else {
                throw fail("placement", "\(sensor.placement.rawValue) is used twice", "Each placement holds one sensor.")
            }
            guard sensor.placement.sensorKind == sensor.kind else {
                throw fail("placement", "\(sensor.placement.rawValue) is not a place for an \(sensor.kind.rawValue)", "IMUs go on pelvis, thighs, shanks and feet; insoles on left_insole or right_insole.")
            }
            guard sensor.rateHz > 0, sensor.rateHz.isFinite else { throw fail("rateHz", "the rate must be above 0 Hz", "Give the sensor's nominal rate in Hz.") }
            if let delimiter = sensor.delimiter, delimiter.utf8.count != 1 {
                throw fail("delimiter", "the delimiter \"\(delimiter)\" is not one character", "Use \",\", \";\", \"\\t\" or \" \".")
            }
            if let line = sensor.headerLine, line < 1 { throw fail("headerLine", "the header line must be 1 or more", "Count lines from 1.") }
            guard ImportUnits.timeUnits.contains(sensor.time.unit) else {
                throw fail("time.unit", "unknown time unit \"\(sensor.time.unit)\"", "Use one of \(ImportUnits.timeUnits.joined(separator: ", ")).")
            }
            switch sensor.kind {
            case .imu:
                let columns = sensor.columns ?? [:]
                for name in Self.imuColumns where columns[name] == nil {
                    throw fail("columns.\(name)", "an IMU needs a column for \(name)", "Map \(Self.imuColumns.joined(separator: ", ")) (and optionally mx, my, mz).")
                }
                let magnetometer = Self.magnetometerColumns.filter { columns[$0] != nil }
                guard magnetometer.isEmpty || magnetometer.count == 3 else {
                    throw fail("columns", "only \(magnetometer.joined(separator: ", ")) of mx, my, mz are mapped", "Map all three magnetometer axes or none.")
                }
                for (name, column) in columns {
                    guard (Self.imuColumns + Self.magnetometerColumns).contains(name) else {
                        throw fail("columns.\(name)", "\(name) is not an IMU signal", "Use ax ay az gx gy gz mx my mz.")
                    }
                    let quantity: ImportUnits.Quantity = name.hasPrefix("a") ? .acceleration : name.hasPrefix("g") ? .angularVelocity : .magneticField
                    guard ImportUnits.factor(column.unit, quantity) != nil else {
                        throw fail("columns.\(name).unit", "unknown unit \"\(column.unit)\" for \(quantity.rawValue)",
                                   "Use one of \(ImportUnits.names(quantity).joined(separator: ", ")).")
                    }
                }
            case .insole:
                guard let cells = sensor.cells, !cells.isEmpty else { throw fail("cells", "an insole needs its cells", "List each cell: x, y, areaMm2, column, unit.") }
                for (c, cell) in cells.enumerated() where ImportUnits.factor(cell.unit, .pressure) == nil {
                    throw fail("cells[\(c)].unit", "unknown unit \"\(cell.unit)\" for pressure", "Use one of \(ImportUnits.names(.pressure).joined(separator: ", ")).")
                }
            }
        }
        // One zero for all files needs one time scale: seconds since the epoch (ISO-8601) and a
        // device's running counter cannot be put on one clock.
        let iso = sensors.filter { $0.time.unit == "iso8601" }.count
        if iso > 0 && iso < sensors.count {
            throw SessionFileError(file: file, keyPath: "sensors[\(sensors.firstIndex { $0.time.unit != "iso8601" }!)].time.unit",
                                   problem: "some files give ISO-8601 times and others numbers: they cannot be put on one clock",
                                   remedy: "Map every file's time in ISO-8601, or every one as numbers (s, ms, us) from one common zero.")
        }
        if let standing, !(standing.start >= 0 && standing.end > standing.start) {
            throw SessionFileError(file: file, keyPath: "standing", problem: "standing must have 0 ≤ start < end", remedy: "Give seconds after the first sample of the session.")
        }
    }
}

extension ImportMapping {
    /// Why `name` cannot be a file name inside the output folder, or nil when it can.
    static func fileNameProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.hasPrefix(".") { return "starts with \".\" (a hidden file, or a way out of the folder)" }
        if name.contains("/") || name.contains("\\") { return "contains a path separator" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "contains a control character" }
        return nil
    }
}

/// Keys a mapping may have, checked before decoding: a misspelt key (`"negat": true`) would
/// otherwise be ignored and the import silently differ from what was meant.
enum ImportMappingKeys {
    static let top: Set = ["format", "subject", "activity", "treadmillSpeedMps", "standing", "sensors"]
    static let subject: Set = ["id", "massKg", "heightM"]
    static let standing: Set = ["start", "end"]
    static let sensor: Set = ["id", "kind", "placement", "file", "rateHz", "delimiter", "headerLine", "time", "columns", "cells"]
    static let column: Set = ["column", "unit", "negate"]
    static let cell: Set = ["x", "y", "areaMm2", "column", "unit"]

    static func check(_ data: Data, file: String) throws {
        guard let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return }   // the decoder says why
        try unknown(top, top: Self.top, at: "", file: file)
        if let subject = top["subject"] as? [String: Any] { try unknown(subject, top: Self.subject, at: "subject.", file: file) }
        if let standing = top["standing"] as? [String: Any] { try unknown(standing, top: Self.standing, at: "standing.", file: file) }
        for (i, entry) in ((top["sensors"] as? [Any]) ?? []).enumerated() {
            guard let sensor = entry as? [String: Any] else { continue }
            let at = "sensors[\(i)]."
            try unknown(sensor, top: Self.sensor, at: at, file: file)
            if let time = sensor["time"] as? [String: Any] { try unknown(time, top: Self.column, at: at + "time.", file: file) }
            for (name, value) in (sensor["columns"] as? [String: Any]) ?? [:] {
                if let column = value as? [String: Any] { try unknown(column, top: Self.column, at: at + "columns.\(name).", file: file) }
            }
            for (c, value) in ((sensor["cells"] as? [Any]) ?? []).enumerated() {
                if let cell = value as? [String: Any] { try unknown(cell, top: Self.cell, at: at + "cells[\(c)].", file: file) }
            }
        }
    }

    private static func unknown(_ object: [String: Any], top allowed: Set<String>, at path: String, file: String) throws {
        if let key = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw SessionFileError(file: file, keyPath: path + key, problem: "unknown key \"\(key)\"",
                                   remedy: "Use only \(allowed.sorted().joined(separator: ", ")) here (docs/import-mapping.md); check the spelling.")
        }
    }
}
