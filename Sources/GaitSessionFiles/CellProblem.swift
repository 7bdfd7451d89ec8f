/// Explains why a CSV cell is not a number, in the words a user needs to fix it.
enum CellProblem {
    static func error(file: String, line: Int, column: String, bytes: UnsafeBufferPointer<UInt8>) -> SessionFileError {
        let (problem, remedy) = explain(bytes)
        return SessionFileError(file: file, line: line, column: column, problem: problem, remedy: remedy)
    }

    static func explain(_ bytes: UnsafeBufferPointer<UInt8>) -> (problem: String, remedy: String) {
        let plainNumber = "Write a finite decimal number with a decimal point, e.g. -0.25 or 1.5e-3."
        if bytes.isEmpty {
            return ("the cell is empty", "Fill in the value, or remove the line if the sample was lost (gaps are allowed).")
        }
        if bytes.contains(where: { $0 >= 0x80 }) {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                let hex = bytes.prefix(12).map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
                return ("the cell contains bytes that are not valid UTF-8 (\(hex))",
                        "Save the file as UTF-8 text; numbers must be plain ASCII.")
            }
            return ("the cell \(quoted(text)) contains non-ASCII characters",
                    "Use plain ASCII digits, '.', '-', '+' and 'e' (no typographic minus signs or full-width digits).")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var word = Substring(text.lowercased())
        if word.first == "-" || word.first == "+" { word = word.dropFirst() }
        if word == "nan" {
            return ("the cell is \(quoted(text)); the format allows only finite numbers",
                    "Remove the line (a lost sample is a gap) instead of writing NaN.")
        }
        if word == "inf" || word == "infinity" {
            return ("the cell is \(quoted(text)); the format allows only finite numbers",
                    "Replace the value with the measured, finite one, or remove the line.")
        }
        if word.hasPrefix("0x") {
            return ("the cell \(quoted(text)) is a hexadecimal number", plainNumber)
        }
        if text.contains(" ") || text.contains("\t") {
            return ("the cell \(quoted(text)) contains a space", "Remove the spaces; cells are separated by a comma only.")
        }
        if case .outOfRange = DecimalParser.parse(text) {
            return ("the cell \(quoted(text)) is beyond the range of a Double", "Check the value; it cannot be a measurement.")
        }
        return ("the cell \(quoted(text)) is not a decimal number", plainNumber)
    }

    /// The text in quotes, shortened, with control characters visible.
    static func quoted(_ text: String) -> String {
        let shown = text.count > 40 ? text.prefix(40) + "…" : Substring(text)
        var escaped = ""
        for scalar in shown.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                escaped += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"" + escaped + "\""
    }
}
