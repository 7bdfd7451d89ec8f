import Foundation

/// Writes session.json: pretty printed with a stable key order (format first, then the known
/// keys in the order of session-csv.md, then unknown keys sorted), so that writing the same
/// manifest twice gives the same bytes.
public enum SessionManifestWriter {
    /// Validates `manifest` with the reader's rules, then writes `folder/session.json`
    /// atomically (a reader never sees half a file), readable by its owner only (0600): it
    /// names the subject. The folder must exist.
    public static func write(_ manifest: SessionManifest, to folder: URL) throws {
        let displayPath = displayPathOf(file: "session.json", in: folder)
        try ManifestValidation.validate(manifest, file: displayPath)
        let text = json(for: manifest).text() + "\n"
        do {
            try PrivateFiles.writeAtomically(Data(text.utf8), to: folder.appendingPathComponent("session.json"))
        } catch {
            throw SessionFileError(file: displayPath, problem: "the file could not be written (\(error.localizedDescription))",
                                   remedy: "Check that the folder exists and is writable, and that the disk has space.")
        }
    }

    /// The text `write` would write, for callers that store it elsewhere.
    public static func text(for manifest: SessionManifest) throws -> String {
        try ManifestValidation.validate(manifest, file: "session.json")
        return json(for: manifest).text() + "\n"
    }

    static func json(for manifest: SessionManifest) -> OrderedJSON {
        var members: [(key: String, value: OrderedJSON)] = [("format", .string(SessionManifest.formatIdentifier))]
        if let subject = manifest.subject {
            var fields: [(key: String, value: OrderedJSON)] = []
            if let id = subject.id { fields.append(("id", .string(id))) }
            if let mass = subject.massKg { fields.append(("massKg", .number(mass))) }
            if let height = subject.heightM { fields.append(("heightM", .number(height))) }
            members.append(("subject", .object(fields + OrderedJSON.sorted(subject.extra))))
        }
        if let activity = manifest.activity { members.append(("activity", .string(activity))) }
        if let speed = manifest.treadmillSpeedMps { members.append(("treadmillSpeedMps", .number(speed))) }
        if let standing = manifest.standing {
            members.append(("standing", .object([("start", .number(standing.start)), ("end", .number(standing.end))]
                + OrderedJSON.sorted(standing.extra))))
        }
        members.append(("sensors", .array(manifest.sensors.map(json(for:)))))
        return .object(members + OrderedJSON.sorted(manifest.extra))
    }

    private static func json(for sensor: SensorDescriptor) -> OrderedJSON {
        var fields: [(key: String, value: OrderedJSON)] = [
            ("id", .string(sensor.id)),
            ("kind", .string(sensor.kind.rawValue)),
            ("placement", .string(sensor.placement.rawValue)),
            ("file", .string(sensor.file)),
            ("rateHz", .number(sensor.rateHz)),
        ]
        if let cells = sensor.cells {
            fields.append(("cells", .array(cells.map { cell in
                .object([("x", .number(cell.xMm)), ("y", .number(cell.yMm)), ("areaMm2", .number(cell.areaMm2))]
                    + OrderedJSON.sorted(cell.extra))
            })))
        }
        return .object(fields + OrderedJSON.sorted(sensor.extra))
    }
}
