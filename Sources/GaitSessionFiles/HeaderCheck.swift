import GaitCore

/// Reads a sensor file's header line and checks it against the sensor's session.json entry.
enum HeaderCheck {
    static func read(from lines: LineReader, sensor: SensorDescriptor, entry: String) throws -> SensorColumns {
        let file = lines.displayPath
        guard let line = try lines.nextLine() else {
            throw SessionFileError(
                file: file, line: 1, problem: "the file is empty (no header line)",
                remedy: "The first line must be the header \(expectedHeader(for: sensor)).")
        }
        var bytes = UnsafeBufferPointer(start: line.bytes, count: line.count)
        // Spreadsheets often start UTF-8 files with a byte order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeBufferPointer(rebasing: bytes.dropFirst(3)) }
        if bytes.isEmpty {
            let isWholeFile = !line.hasLineEnd
            throw SessionFileError(
                file: file, line: 1,
                problem: isWholeFile ? "the file is empty (no header line)" : "line 1 is empty; it should be the header",
                remedy: "The first line must be the header \(expectedHeader(for: sensor)).")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SessionFileError(
                file: file, line: 1, problem: "the header line is not valid UTF-8 text",
                remedy: "The first line must be the header \(expectedHeader(for: sensor)).")
        }
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        switch sensor.kind {
        case .imu:
            let withMagnetometer = SensorColumns.imu(magnetometer: true)
            let without = SensorColumns.imu(magnetometer: false)
            if names == without.names { return without }
            if names == withMagnetometer.names { return withMagnetometer }
            let reference = names.count > without.names.count ? withMagnetometer.names : without.names
            throw mismatch(file: file, found: names, expected: reference, sensor: sensor, entry: entry)
        case .insole:
            let cellCount = sensor.cells?.count ?? 0
            let expected = SensorColumns.insole(cellCount: cellCount)
            if names == expected.names { return expected }
            let headerCells = names.count - 1
            if names == SensorColumns.insole(cellCount: headerCells).names {
                // A well-formed insole header of the wrong width: the file and session.json disagree.
                throw SessionFileError(
                    file: file, line: 1, keyPath: "\(entry).cells",
                    problem: "the header has \(headerCells) pressure columns (p0…p\(headerCells - 1)) but session.json \(entry).cells lists \(cellCount) cell\(cellCount == 1 ? "" : "s")",
                    remedy: "List one cell in session.json \(entry).cells per pressure column of \(file), in column order.")
            }
            throw mismatch(file: file, found: names, expected: expected.names, sensor: sensor, entry: entry)
        }
    }

    static func expectedHeader(for sensor: SensorDescriptor) -> String {
        switch sensor.kind {
        case .imu: return "t,ax,ay,az,gx,gy,gz (optionally followed by ,mx,my,mz)"
        case .insole:
            let count = sensor.cells?.count ?? 0
            return count > 0 ? "t,p0,…,p\(count - 1)" : "t,p0,…"
        }
    }

    /// Names the first column that differs.
    private static func mismatch(file: String, found: [String], expected: [String], sensor: SensorDescriptor,
                                 entry: String) -> SessionFileError {
        let shown = CellProblem.quoted(found.joined(separator: ","))
        var detail = ""
        if let index = (0..<min(found.count, expected.count)).first(where: { found[$0] != expected[$0] }) {
            detail = "column \(index + 1) is \(CellProblem.quoted(found[index])) where \(expected[index]) was expected"
        } else if found.count < expected.count {
            detail = "missing column \(expected[found.count])"
        } else {
            detail = "unexpected extra column \(CellProblem.quoted(found[expected.count]))"
        }
        let otherKind = sensor.kind == .imu ? found.first == "t" && found.dropFirst().first == "p0"
                                            : found.first == "t" && found.dropFirst().first == "ax"
        let hint = otherKind
            ? " This looks like a file of the other kind: session.json \(entry).kind is \(sensor.kind.rawValue)."
            : ""
        return SessionFileError(
            file: file, line: 1, column: nil,
            problem: "the header \(shown) is not \(sensor.kind == .imu ? "an IMU" : "an insole") header: \(detail)",
            remedy: "The first line must be exactly \(expectedHeader(for: sensor)), with no spaces.\(hint)")
    }
}
