/// One row per stride, every field of a stride of report-json.md, columns named by the JSON keys
/// (which carry their units: `stanceS`, `pelvicDropDeg`, `eversionVelocityDegPerS`). Numbers are
/// written exactly as decoded (shortest round-trip form); an empty field is a value not measured;
/// `flags` holds the stride's flags separated by `;`. Spreadsheets open it as it is.
public enum StrideCSV {
    public static let columns = ["index", "side", "ic", "to", "nextIc", "eventSource", "stanceS", "strideS"]
        + ReportMeasure.allCases.map(\.key) + ["flags"]

    public static func text(_ document: ReportDocument) -> String {
        var text = CSVField.record(columns)
        for s in document.strides {
            var fields = ["\(s.index)", s.side.rawValue, number(s.ic), number(s.to), number(s.nextIc), s.eventSource,
                          number(s.stanceS), number(s.strideS)]
            fields += ReportMeasure.allCases.map { number(s.value($0)) }
            fields.append(s.flags.joined(separator: ";"))
            text += CSVField.record(fields)
        }
        return text
    }

    /// Swift's description of a Double is the shortest text that reads back to the same value.
    static func number(_ x: Double?) -> String {
        guard let x else { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}
