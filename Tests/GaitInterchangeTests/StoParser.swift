import Foundation

/// An OpenSense quaternion .sto read by a parser of the test's own (not the writer's code): header
/// lines `key=value` up to `endheader`, then a tab-separated column line, then rows of a time and
/// one `w,x,y,z` cell per column.
struct ParsedSto {
    var header: [String: String] = [:]
    var columns: [String] = []
    var timesS: [Double] = []
    /// rows[i][c] = (w, x, y, z); NaN components for a gap.
    var rows: [[[Double]]] = []

    init(_ text: String) throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let end = lines.firstIndex(of: "endheader") else { throw ParseError("no endheader") }
        for line in lines[..<end] {
            guard let equals = line.firstIndex(of: "=") else { throw ParseError("header line without '=': \(line)") }
            header[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        let names = lines[end + 1].split(separator: "\t").map(String.init)
        guard names.first == "time" else { throw ParseError("first column is \(names.first ?? "nothing"), not time") }
        columns = Array(names.dropFirst())
        for line in lines[(end + 2)...] {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == columns.count + 1, let t = Double(fields[0]) else { throw ParseError("bad row: \(line)") }
            timesS.append(t)
            rows.append(try fields.dropFirst().map { cell in
                let parts = cell.split(separator: ",").map { $0 == "NaN" ? Double.nan : Double($0) }
                guard parts.count == 4, parts.allSatisfy({ $0 != nil }) else { throw ParseError("bad cell: \(cell)") }
                return parts.map { $0! }
            })
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

/// The .csv orientation table, parsed the same way: `time_s` and four columns per IMU, a gap's
/// cells empty.
struct ParsedOrientationCsv {
    var columns: [String] = []
    var timesS: [Double] = []
    var rows: [[[Double]]] = []

    init(_ text: String) throws {
        let lines = text.split(separator: "\n").map(String.init)
        let names = lines[0].split(separator: ",").map(String.init)
        guard names.first == "time_s", (names.count - 1) % 4 == 0 else { throw ParsedSto.ParseError("bad header \(lines[0])") }
        for c in stride(from: 1, to: names.count, by: 4) {
            let base = String(names[c].dropLast(2))
            guard names[c...(c + 3)] == ["\(base)_w", "\(base)_x", "\(base)_y", "\(base)_z"] else { throw ParsedSto.ParseError("bad columns near \(names[c])") }
            columns.append(base)
        }
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == names.count, let t = Double(fields[0]) else { throw ParsedSto.ParseError("bad row: \(line)") }
            timesS.append(t)
            rows.append(stride(from: 1, to: fields.count, by: 4).map { c in fields[c...(c + 3)].map { Double($0) ?? .nan } })
        }
    }
}
