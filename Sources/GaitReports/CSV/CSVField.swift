/// RFC 4180 fields: a field holding a comma, a double quote, CR or LF is enclosed in double
/// quotes, and a double quote inside it is doubled. Records end with CRLF.
enum CSVField {
    static let recordSeparator = "\r\n"

    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func record(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + recordSeparator
    }
}
