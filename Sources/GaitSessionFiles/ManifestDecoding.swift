import Foundation
import GaitCore

/// Turns the parsed session.json into a `SessionManifest`, checking types and the closed
/// vocabularies (kind, placement) and recording the line of every key path it visits, so that
/// `ManifestValidation` can point at lines too.
struct ManifestDecoder {
    let file: String
    /// Key path → line of its value.
    var lines: [String: Int] { lineTable.lines }
    /// The table lives in a class: helpers such as `string(try required(…))` hold `self` for the
    /// outer call while the inner one records a line, so a dictionary stored in the struct was
    /// copied at every key visited — quadratic: 10 000 insole cells took minutes (found by
    /// `LimitTests.tenThousandCellsAreRefused`).
    private let lineTable = LineTable()

    private final class LineTable {
        var lines: [String: Int] = [:]
    }

    init(file: String) { self.file = file }

    /// Parses and validates session.json: syntax, types, then the rules of `ManifestValidation`.
    static func decode(_ bytes: [UInt8], file: String) throws -> (manifest: SessionManifest, lines: [String: Int]) {
        let root = try JSONParser.parse(bytes, file: file)
        var decoder = ManifestDecoder(file: file)
        let manifest = try decoder.decodeManifest(root)
        try ManifestValidation.validate(manifest, file: file, lines: decoder.lines)
        return (manifest, decoder.lines)
    }

    private static let topLevelKeys: Set<String> = ["format", "subject", "activity", "treadmillSpeedMps", "standing", "sensors"]
    private static let subjectKeys: Set<String> = ["id", "massKg", "heightM"]
    private static let standingKeys: Set<String> = ["start", "end"]
    private static let sensorKeys: Set<String> = ["id", "kind", "placement", "file", "rateHz", "cells"]
    private static let cellKeys: Set<String> = ["x", "y", "areaMm2"]

    mutating func decodeManifest(_ root: JSONNode) throws -> SessionManifest {
        guard case .object(let members) = root.value else {
            throw error(root.line, nil, "the file is \(root.kindDescription), not a JSON object",
                        "Write the session description as one JSON object { … } (session-csv.md).")
        }
        lineTable.lines[""] = root.line
        guard let format = member("format", of: members, path: "") else {
            throw error(root.line, "format", "the key format is missing",
                        "Add \"format\": \"\(SessionManifest.formatIdentifier)\" to the top-level object.")
        }
        guard case .string(let formatName) = format.value, formatName == SessionManifest.formatIdentifier else {
            let isNewer = { if case .string(let name) = format.value { return name.hasPrefix("gait-session-csv/") }; return false }()
            throw error(format.line, "format",
                        "format is \(format.kindDescription), but this reader reads \(SessionManifest.formatIdentifier)",
                        isNewer ? "Upgrade gait to read this format version, or export the session as \(SessionManifest.formatIdentifier)."
                                : "Set \"format\": \"\(SessionManifest.formatIdentifier)\" if the folder follows session-csv.md.")
        }
        var manifest = SessionManifest(sensors: [])
        if let node = nonNull(member("subject", of: members, path: "")) {
            manifest.subject = try decodeSubject(node)
        }
        if let node = nonNull(member("activity", of: members, path: "")) {
            manifest.activity = try string(node, "activity")
        }
        if let node = nonNull(member("treadmillSpeedMps", of: members, path: "")) {
            manifest.treadmillSpeedMps = try number(node, "treadmillSpeedMps")
        }
        if let node = nonNull(member("standing", of: members, path: "")) {
            manifest.standing = try decodeStanding(node)
        }
        guard let sensorsNode = member("sensors", of: members, path: "") else {
            throw error(root.line, "sensors", "the key sensors is missing",
                        "Add \"sensors\": [ … ] with one entry per sensor file (session-csv.md).")
        }
        guard case .array(let sensorNodes) = sensorsNode.value else {
            throw error(sensorsNode.line, "sensors", "sensors must be an array, found \(sensorsNode.kindDescription)",
                        "Write \"sensors\": [ { … }, … ] with one entry per sensor file.")
        }
        var sensors: [SensorDescriptor] = []
        for (index, sensorNode) in sensorNodes.enumerated() { sensors.append(try decodeSensor(sensorNode, path: "sensors[\(index)]")) }
        manifest.sensors = sensors
        manifest.extra = extras(members, known: Self.topLevelKeys)
        return manifest
    }

    private mutating func decodeSubject(_ node: JSONNode) throws -> Subject {
        let members = try object(node, "subject")
        var subject = Subject()
        if let value = nonNull(member("id", of: members, path: "subject")) { subject.id = try string(value, "subject.id") }
        if let value = nonNull(member("massKg", of: members, path: "subject")) { subject.massKg = try number(value, "subject.massKg") }
        if let value = nonNull(member("heightM", of: members, path: "subject")) { subject.heightM = try number(value, "subject.heightM") }
        subject.extra = extras(members, known: Self.subjectKeys)
        return subject
    }

    private mutating func decodeStanding(_ node: JSONNode) throws -> TimeSpan {
        let members = try object(node, "standing")
        let start = try number(try required("start", of: members, path: "standing", line: node.line,
                                            remedy: "Give the quiet standing interval as { \"start\": s, \"end\": s }."), "standing.start")
        let end = try number(try required("end", of: members, path: "standing", line: node.line,
                                          remedy: "Give the quiet standing interval as { \"start\": s, \"end\": s }."), "standing.end")
        return TimeSpan(start: start, end: end, extra: extras(members, known: Self.standingKeys))
    }

    private mutating func decodeSensor(_ node: JSONNode, path: String) throws -> SensorDescriptor {
        let members = try object(node, path)
        let remedy = "Each sensor needs id, kind, placement, file and rateHz (session-csv.md)."
        let id = try string(try required("id", of: members, path: path, line: node.line, remedy: remedy), "\(path).id")
        let kindNode = try required("kind", of: members, path: path, line: node.line, remedy: remedy)
        let kindName = try string(kindNode, "\(path).kind")
        guard let kind = SensorKind(rawValue: kindName) else {
            throw error(kindNode.line, "\(path).kind", "kind is \(CellProblem.quoted(kindName)), which is not a sensor kind",
                        "Use \"imu\" or \"insole\".")
        }
        let placementNode = try required("placement", of: members, path: path, line: node.line, remedy: remedy)
        let placementName = try string(placementNode, "\(path).placement")
        guard let placement = Placement(rawValue: placementName) else {
            let names = Placement.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(placementNode.line, "\(path).placement",
                        "placement is \(CellProblem.quoted(placementName)), which is not a placement",
                        "Use one of \(names) (conventions.md, \"Placements\").")
        }
        let file = try string(try required("file", of: members, path: path, line: node.line, remedy: remedy), "\(path).file")
        let rateHz = try number(try required("rateHz", of: members, path: path, line: node.line, remedy: remedy), "\(path).rateHz")
        var cells: [InsoleCell]?
        if let cellsNode = member("cells", of: members, path: path) {
            guard case .array(let cellNodes) = cellsNode.value else {
                throw error(cellsNode.line, "\(path).cells", "cells must be an array, found \(cellsNode.kindDescription)",
                            "List the cells as [ { \"x\": mm, \"y\": mm, \"areaMm2\": mm² }, … ] in column order.")
            }
            var decoded: [InsoleCell] = []
            decoded.reserveCapacity(cellNodes.count)
            for (index, cellNode) in cellNodes.enumerated() { decoded.append(try decodeCell(cellNode, path: "\(path).cells[\(index)]")) }
            cells = decoded
        }
        return SensorDescriptor(id: id, kind: kind, placement: placement, file: file, rateHz: rateHz,
                                cells: cells, extra: extras(members, known: Self.sensorKeys))
    }

    private mutating func decodeCell(_ node: JSONNode, path: String) throws -> InsoleCell {
        let members = try object(node, path)
        let remedy = "Each cell needs x and y (mm, insole frame) and areaMm2."
        let x = try number(try required("x", of: members, path: path, line: node.line, remedy: remedy), "\(path).x")
        let y = try number(try required("y", of: members, path: path, line: node.line, remedy: remedy), "\(path).y")
        let area = try number(try required("areaMm2", of: members, path: path, line: node.line, remedy: remedy), "\(path).areaMm2")
        return InsoleCell(xMm: x, yMm: y, areaMm2: area, extra: extras(members, known: Self.cellKeys))
    }

    // MARK: Helpers

    /// The member's value, recording the line of its key path.
    private mutating func member(_ key: String, of members: [JSONMember], path: String) -> JSONNode? {
        guard let found = members.first(where: { $0.key == key }) else { return nil }
        lineTable.lines[path.isEmpty ? key : "\(path).\(key)"] = found.value.line
        return found.value
    }

    private mutating func required(_ key: String, of members: [JSONMember], path: String, line: Int,
                                   remedy: String) throws -> JSONNode {
        guard let node = member(key, of: members, path: path) else {
            throw error(line, "\(path).\(key)", "the key \(key) is missing in \(path)", remedy)
        }
        return node
    }

    /// Optional keys may be null, which means absent.
    private func nonNull(_ node: JSONNode?) -> JSONNode? {
        guard let node else { return nil }
        if case .null = node.value { return nil }
        return node
    }

    private mutating func object(_ node: JSONNode, _ path: String) throws -> [JSONMember] {
        lineTable.lines[path] = node.line
        guard case .object(let members) = node.value else {
            throw error(node.line, path, "\(path) must be an object { … }, found \(node.kindDescription)",
                        "See session-csv.md for the shape of \(path).")
        }
        return members
    }

    private func string(_ node: JSONNode, _ path: String) throws -> String {
        guard case .string(let value) = node.value else {
            throw error(node.line, path, "\(path) must be a string, found \(node.kindDescription)",
                        "Put the value in double quotes.")
        }
        return value
    }

    private func number(_ node: JSONNode, _ path: String) throws -> Double {
        guard case .number(let value) = node.value else {
            throw error(node.line, path, "\(path) must be a number, found \(node.kindDescription)",
                        "Write a plain JSON number without quotes, e.g. 500 or 0.25.")
        }
        return value
    }

    private func extras(_ members: [JSONMember], known: Set<String>) -> [String: JSONValue] {
        var extra: [String: JSONValue] = [:]
        for member in members where !known.contains(member.key) { extra[member.key] = member.value.plain }
        return extra
    }

    private func error(_ line: Int, _ keyPath: String?, _ problem: String, _ remedy: String) -> SessionFileError {
        SessionFileError(file: file, line: line, keyPath: keyPath, problem: problem, remedy: remedy)
    }
}
