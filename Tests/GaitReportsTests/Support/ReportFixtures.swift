import Foundation

/// The report JSONs the tests feed in: written by `gait analyze --json` from the bundled
/// fixtures (run-pathological with the default thresholds; run-imu-only, which has no strides;
/// run-with-gaps with an illustrative
/// pelvic-drop reference of 3.5 ± 1.0°, chosen only so that a pelvic-drop threshold exists, not
/// a clinical value), and a copy with synthetic `stanceCurves` of known values.
enum ReportFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent("\(name).report.json"))
    }

    /// The JSON as an untyped tree, read with JSONSerialization: the tests' view of the values,
    /// independent of the decoder under test.
    static func tree(_ data: Data) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The synthetic curve of a measure and side at point i (0…100): distinct shapes per measure
    /// and side, so a chart drawing the wrong series fails.
    static func curveMean(_ measure: String, _ side: String, _ i: Int) -> Double {
        let phase = Double(i) / 100
        let amplitude: Double = ["pelvicObliquityDeg": 6, "kneeAbductionDeg": 4, "footEversionDeg": 10][measure]! * (side == "left" ? 1 : 1.4)
        return amplitude * sin(Double.pi * phase) - (measure == "footEversionDeg" ? 2 : 0)
    }

    static func curveSD(_ measure: String, _ side: String, _ i: Int) -> Double { 0.5 + Double(i % 10) / 20 }

    static func withStanceCurves(_ data: Data) throws -> Data {
        var tree = try tree(data)
        var curves: [[String: Any]] = []
        for measure in ["pelvicObliquityDeg", "kneeAbductionDeg", "footEversionDeg"] {
            for side in ["left", "right"] {
                curves.append(["measure": measure, "side": side, "strides": 29,
                               "meanDeg": (0...100).map { curveMean(measure, side, $0) },
                               "sdDeg": (0...100).map { curveSD(measure, side, $0) }])
            }
        }
        tree["stanceCurves"] = curves
        return try JSONSerialization.data(withJSONObject: tree)
    }
}

/// Looks up `strides[3].pelvicDropDeg` in a JSONSerialization tree.
enum JSONPath {
    static func value(_ path: String, in tree: Any) -> Any? {
        var node: Any? = tree
        for part in path.split(separator: ".") {
            var name = Substring(part)
            var indices: [Int] = []
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                indices.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)])!, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { node = (node as? [String: Any])?[String(name)] }
            for index in indices {
                guard let array = node as? [Any], array.indices.contains(index) else { return nil }
                node = array[index]
            }
        }
        return node
    }

    static func number(_ path: String, in tree: Any) -> Double? {
        guard let value = value(path, in: tree), !(value is NSNull) else { return nil }
        return (value as? NSNumber)?.doubleValue
    }
}

/// A number as the page shows it: true minus sign, optional plus, fixed decimals.
struct ShownNumber {
    var value: Double
    var decimals: Int

    init?(_ text: String) {
        var t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "−", with: "-")
        if t.hasPrefix("+") { t.removeFirst() }
        if t.hasSuffix(" %") { t.removeLast(2) }
        guard let value = Double(t) else { return nil }
        self.value = value
        decimals = t.firstIndex(of: ".").map { t.distance(from: $0, to: t.endIndex) - 1 } ?? 0
    }

    /// Whether the report's value rounds to what is shown: within half a unit of the last decimal.
    func shows(_ reportValue: Double) -> Bool {
        abs(reportValue - value) <= 0.5 * pow(10, -Double(decimals)) + 1e-9
    }
}
