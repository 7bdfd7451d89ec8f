import Foundation
import GaitReports

/// Reports to file: the report JSONs of the reports tests, edited as a test needs.
enum StoreFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("GaitReportsTests/Fixtures")

    static func tree(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("\(name).report.json"))) as! [String: Any]
    }

    static func document(_ tree: [String: Any]) throws -> ReportDocument {
        try ReportReader.decode(JSONSerialization.data(withJSONObject: tree), file: "fixture")
    }

    /// A copy with another session id and every stride's pelvic drop lowered by `dropDeg`.
    static func retest(_ tree: [String: Any], id: String, lowerPelvicDropBy dropDeg: Double) -> [String: Any] {
        var tree = tree
        var session = tree["session"] as! [String: Any]
        session["id"] = id
        tree["session"] = session
        tree["strides"] = (tree["strides"] as! [[String: Any]]).map { stride in
            var stride = stride
            if let drop = stride["pelvicDropDeg"] as? Double { stride["pelvicDropDeg"] = drop - dropDeg }
            return stride
        }
        return tree
    }

    /// The median of one side's values of a measure in a report tree, counted here.
    static func median(_ tree: [String: Any], _ measure: String, _ side: String) -> Double? {
        let values = (tree["strides"] as! [[String: Any]]).filter { $0["side"] as? String == side }
            .compactMap { $0[measure] as? Double }.sorted()
        if values.isEmpty { return nil }
        let n = values.count
        return n.isMultiple(of: 2) ? (values[n / 2 - 1] + values[n / 2]) / 2 : values[n / 2]
    }

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T09:00:00Z")! }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gait-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
