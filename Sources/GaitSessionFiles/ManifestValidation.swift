import GaitCore

/// The rules of session-csv.md that a well-typed manifest must still meet. The reader applies
/// them to what it read; the writer applies them before writing, so it never writes a folder the
/// reader would reject.
enum ManifestValidation {
    /// - Parameter lines: key path → line in session.json, when validating what was read.
    static func validate(_ manifest: SessionManifest, file: String, lines: [String: Int] = [:]) throws {
        func fail(_ keyPath: String, _ problem: String, _ remedy: String) -> SessionFileError {
            SessionFileError(file: file, line: line(of: keyPath, in: lines), keyPath: keyPath, problem: problem, remedy: remedy)
        }
        func requireFinite(_ value: Double, _ keyPath: String, positive: Bool, unit: String) throws {
            guard value.isFinite else {
                throw fail(keyPath, "\(keyPath) is \(value), not a finite number", "Write the value in \(unit).")
            }
            if positive, !(value > 0) {
                throw fail(keyPath, "\(keyPath) is \(value) but must be greater than 0", "Write the value in \(unit).")
            }
        }

        if let subject = manifest.subject {
            if let mass = subject.massKg { try requireFinite(mass, "subject.massKg", positive: true, unit: "kg") }
            if let height = subject.heightM { try requireFinite(height, "subject.heightM", positive: true, unit: "m") }
        }
        if let speed = manifest.treadmillSpeedMps {
            try requireFinite(speed, "treadmillSpeedMps", positive: false, unit: "m/s")
            if speed < 0 {
                throw fail("treadmillSpeedMps", "treadmillSpeedMps is \(speed) but cannot be negative", "Write the belt speed in m/s.")
            }
        }
        if let standing = manifest.standing {
            try requireFinite(standing.start, "standing.start", positive: false, unit: "seconds on the session clock")
            try requireFinite(standing.end, "standing.end", positive: false, unit: "seconds on the session clock")
            if !(standing.end > standing.start) {
                throw fail("standing.end", "standing ends at \(standing.end) s, not after its start at \(standing.start) s",
                           "Give the quiet standing interval as start < end, in seconds.")
            }
        }
        try checkExtraKeys(manifest.extra, known: ["format", "subject", "activity", "treadmillSpeedMps", "standing", "sensors"],
                           path: "", fail: fail)
        try checkExtraKeys(manifest.subject?.extra ?? [:], known: ["id", "massKg", "heightM"], path: "subject", fail: fail)
        try checkExtraKeys(manifest.standing?.extra ?? [:], known: ["start", "end"], path: "standing", fail: fail)

        if manifest.sensors.isEmpty {
            throw fail("sensors", "sensors is empty", "List at least one sensor and its file.")
        }
        var firstWithID: [String: Int] = [:]
        var firstWithPlacement: [Placement: Int] = [:]
        var firstWithFile: [String: Int] = [:]
        for (index, sensor) in manifest.sensors.enumerated() {
            let path = "sensors[\(index)]"
            if sensor.id.isEmpty {
                throw fail("\(path).id", "id is empty", "Give each sensor a short unique id, e.g. \"pelvis\".")
            }
            if let first = firstWithID.updateValue(index, forKey: sensor.id) {
                throw fail("\(path).id", "id \(CellProblem.quoted(sensor.id)) is already used by sensors[\(first)]",
                           "Give each sensor a unique id.")
            }
            if sensor.kind != sensor.placement.sensorKind {
                throw fail("\(path).kind",
                           "kind is \(sensor.kind.rawValue) but placement \(sensor.placement.rawValue) takes an \(sensor.placement.sensorKind.rawValue)",
                           "Insoles go at left_insole or right_insole; every other placement is an IMU.")
            }
            if let first = firstWithPlacement.updateValue(index, forKey: sensor.placement) {
                throw fail("\(path).placement",
                           "placement \(sensor.placement.rawValue) is already used by sensors[\(first)]",
                           "Each placement may be used at most once; check which sensor was really worn there.")
            }
            try checkFileName(sensor.file, path: "\(path).file", fail: fail)
            if let first = firstWithFile.updateValue(index, forKey: sensor.file) {
                throw fail("\(path).file", "file \(CellProblem.quoted(sensor.file)) is already used by sensors[\(first)]",
                           "Give each sensor its own file.")
            }
            try requireFinite(sensor.rateHz, "\(path).rateHz", positive: true, unit: "Hz (the nominal sample rate)")
            if sensor.rateHz > SessionLimits.maxRateHz {
                throw fail("\(path).rateHz", "rateHz is \(sensor.rateHz), above the \(Int(SessionLimits.maxRateHz)) Hz gait reads",
                           "Write the sensor's nominal sample rate in Hz (not in samples per minute or per hour).")
            }
            switch sensor.kind {
            case .insole:
                guard let cells = sensor.cells, !cells.isEmpty else {
                    throw fail("\(path).cells", "the insole has no cells",
                               "List its cells as [ { \"x\": mm, \"y\": mm, \"areaMm2\": mm² }, … ] in the order of the columns p0, p1, ….")
                }
                if cells.count > SessionLimits.maxInsoleCells {
                    throw fail("\(path).cells", "the insole lists \(cells.count) cells, more than the \(SessionLimits.maxInsoleCells) gait reads",
                               "List one entry per pressure column of the insole's file; if the insole really has more cells, combine neighbouring cells before import.")
                }
                for (cellIndex, cell) in cells.enumerated() {
                    let cellPath = "\(path).cells[\(cellIndex)]"
                    try requireFinite(cell.xMm, "\(cellPath).x", positive: false, unit: "mm from the heel")
                    try requireFinite(cell.yMm, "\(cellPath).y", positive: false, unit: "mm to the left")
                    try requireFinite(cell.areaMm2, "\(cellPath).areaMm2", positive: true, unit: "mm²")
                    try checkExtraKeys(cell.extra, known: ["x", "y", "areaMm2"], path: cellPath, fail: fail)
                }
            case .imu:
                if sensor.cells != nil {
                    throw fail("\(path).cells", "an IMU has no cells", "Remove cells, or correct kind and placement if this is an insole.")
                }
            }
            try checkExtraKeys(sensor.extra, known: ["id", "kind", "placement", "file", "rateHz", "cells"], path: path, fail: fail)
        }
        try checkExtraValues(manifest, fail: fail)
    }

    /// The nearest recorded line: the key path's own, else its parent's.
    static func line(of keyPath: String, in lines: [String: Int]) -> Int? {
        var path = Substring(keyPath)
        while true {
            if let line = lines[String(path)] { return line }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return lines[""] }
            path = path[..<cut]
        }
    }

    /// A file name inside the session folder: relative, without `..`, so that a session.json
    /// cannot make the reader open files elsewhere.
    private static func checkFileName(_ name: String, path: String,
                                      fail: (String, String, String) -> SessionFileError) throws {
        let remedy = "Give the name of a file inside the session folder, e.g. \"left_foot.csv\"."
        if name.isEmpty { throw fail(path, "file is empty", remedy) }
        if name.hasPrefix("/") { throw fail(path, "file \(CellProblem.quoted(name)) is an absolute path", remedy) }
        if name.contains("\u{0}") { throw fail(path, "file \(CellProblem.quoted(name)) contains a NUL character", remedy) }
        if name.split(separator: "/").contains(where: { $0 == ".." }) {
            throw fail(path, "file \(CellProblem.quoted(name)) leads out of the session folder", remedy)
        }
    }

    /// Unknown keys must not shadow known ones, or the written file would have the key twice.
    private static func checkExtraKeys(_ extra: [String: JSONValue], known: Set<String>, path: String,
                                       fail: (String, String, String) -> SessionFileError) throws {
        for key in extra.keys.sorted() where known.contains(key) {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            throw fail(keyPath, "extra repeats the known key \(key)", "Set the field itself, not an extra key of the same name.")
        }
    }

    /// JSON has no NaN or infinity; refuse them anywhere in the unknown keys too.
    private static func checkExtraValues(_ manifest: SessionManifest, fail: (String, String, String) -> SessionFileError) throws {
        func check(_ value: JSONValue, _ path: String) throws {
            switch value {
            case .number(let number) where !number.isFinite:
                throw fail(path, "\(path) is \(number); JSON has only finite numbers", "Use a finite number or null.")
            case .array(let items):
                for (index, item) in items.enumerated() { try check(item, "\(path)[\(index)]") }
            case .object(let members):
                for (key, item) in members { try check(item, "\(path).\(key)") }
            default:
                break
            }
        }
        func checkAll(_ extra: [String: JSONValue], _ path: String) throws {
            for (key, value) in extra { try check(value, path.isEmpty ? key : "\(path).\(key)") }
        }
        try checkAll(manifest.extra, "")
        try checkAll(manifest.subject?.extra ?? [:], "subject")
        try checkAll(manifest.standing?.extra ?? [:], "standing")
        for (index, sensor) in manifest.sensors.enumerated() {
            try checkAll(sensor.extra, "sensors[\(index)]")
            for (cellIndex, cell) in (sensor.cells ?? []).enumerated() { try checkAll(cell.extra, "sensors[\(index)].cells[\(cellIndex)]") }
        }
    }
}
