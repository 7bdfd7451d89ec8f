/// A JSON value with the line it starts on, so that a rejection of session.json can name the line
/// of the offending key (Foundation's parsers report at most a character offset, and their
/// dictionaries lose key order).
struct JSONNode {
    enum Value {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONNode])
        case object([JSONMember])
    }

    var value: Value
    /// 1-based line of the value's first character.
    var line: Int

    /// The plain value, for keeping unknown keys.
    var plain: JSONValue {
        switch value {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .number(let value): return .number(value)
        case .string(let value): return .string(value)
        case .array(let items): return .array(items.map(\.plain))
        case .object(let members):
            var dictionary: [String: JSONValue] = [:]
            for member in members { dictionary[member.key] = member.value.plain }
            return .object(dictionary)
        }
    }

    /// For messages: "the string "abc"", "a number", "null".
    var kindDescription: String {
        switch value {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .number(let value): return "the number \(value)"
        case .string(let value): return "the string \(CellProblem.quoted(value))"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

struct JSONMember {
    var key: String
    var value: JSONNode
}

/// A strict RFC 8259 parser over bytes that tracks lines and key paths for its messages.
struct JSONParser {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStartIndex = 0

    /// Nesting deeper than this is refused rather than risking the stack on hostile input.
    static let maxDepth = 128

    static func parse(_ bytes: [UInt8], file: String) throws -> JSONNode {
        var parser = JSONParser(bytes: bytes, file: file)
        // A UTF-8 byte order mark, as some editors write.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            parser.index = 3
            parser.lineStartIndex = 3
        }
        parser.skipWhitespace()
        if parser.index == bytes.count {
            throw SessionFileError(file: file, line: 1, problem: "the file is empty",
                                   remedy: "Write the session description as a JSON object (session-csv.md).")
        }
        let root = try parser.parseValue(path: "", depth: 0)
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.syntaxError("unexpected text after the end of the JSON object", path: "")
        }
        return root
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStartIndex = index
            default:
                return
            }
        }
    }

    private mutating func parseValue(path: String, depth: Int) throws -> JSONNode {
        guard index < bytes.count else { throw syntaxError("expected a value", path: path) }
        let startLine = line
        switch bytes[index] {
        case UInt8(ascii: "{"):
            if depth >= JSONParser.maxDepth { throw syntaxError("nesting is deeper than \(JSONParser.maxDepth) levels", path: path) }
            return JSONNode(value: .object(try parseObject(path: path, depth: depth)), line: startLine)
        case UInt8(ascii: "["):
            if depth >= JSONParser.maxDepth { throw syntaxError("nesting is deeper than \(JSONParser.maxDepth) levels", path: path) }
            return JSONNode(value: .array(try parseArray(path: path, depth: depth)), line: startLine)
        case UInt8(ascii: "\""):
            return JSONNode(value: .string(try parseString(path: path)), line: startLine)
        case UInt8(ascii: "t"):
            try expectLiteral("true", path: path)
            return JSONNode(value: .bool(true), line: startLine)
        case UInt8(ascii: "f"):
            try expectLiteral("false", path: path)
            return JSONNode(value: .bool(false), line: startLine)
        case UInt8(ascii: "n"):
            try expectLiteral("null", path: path)
            return JSONNode(value: .null, line: startLine)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(value: .number(try parseNumber(path: path)), line: startLine)
        default:
            throw syntaxError("expected a value", path: path)
        }
    }

    private mutating func parseObject(path: String, depth: Int) throws -> [JSONMember] {
        index += 1  // {
        var members: [JSONMember] = []
        var seen: Set<String> = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return members
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw syntaxError("expected a key in double quotes", path: path)
            }
            let keyLine = line
            let key = try parseString(path: path)
            let memberPath = path.isEmpty ? key : path + "." + key
            if !seen.insert(key).inserted {
                throw SessionFileError(file: file, line: keyLine, keyPath: memberPath,
                                       problem: "the key \(CellProblem.quoted(key)) appears twice in the same object",
                                       remedy: "Keep one of the two entries.")
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw syntaxError("expected ':' after the key \(CellProblem.quoted(key))", path: memberPath)
            }
            index += 1
            skipWhitespace()
            let value = try parseValue(path: memberPath, depth: depth + 1)
            members.append(JSONMember(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw syntaxError("expected ',' or '}'", path: path) }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return members
            }
            throw syntaxError("expected ',' or '}' after the value of \(CellProblem.quoted(key))", path: memberPath)
        }
    }

    private mutating func parseArray(path: String, depth: Int) throws -> [JSONNode] {
        index += 1  // [
        var items: [JSONNode] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return items
        }
        while true {
            skipWhitespace()
            let itemPath = "\(path)[\(items.count)]"
            items.append(try parseValue(path: itemPath, depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw syntaxError("expected ',' or ']'", path: path) }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return items
            }
            throw syntaxError("expected ',' or ']' after \(itemPath)", path: itemPath)
        }
    }

    private mutating func parseString(path: String) throws -> String {
        index += 1  // opening quote
        var utf8: [UInt8] = []
        while true {
            guard index < bytes.count else { throw syntaxError("a string is not closed with '\"'", path: path) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else {
                    throw syntaxError("a string contains bytes that are not valid UTF-8", path: path)
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw syntaxError("a string is not closed with '\"'", path: path) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): utf8.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): utf8.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "/"): utf8.append(UInt8(ascii: "/"))
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    utf8.append(contentsOf: try parseUnicodeEscape(path: path))
                default:
                    index -= 1
                    throw syntaxError("unknown escape sequence in a string", path: path)
                }
            case 0..<0x20:
                throw syntaxError("a string contains a control character (a line end inside quotes?)", path: path)
            default:
                utf8.append(byte)
                index += 1
            }
        }
    }

    /// After `\u`: four hex digits, and for a UTF-16 high surrogate the `\uXXXX` of its low half.
    private mutating func parseUnicodeEscape(path: String) throws -> [UInt8] {
        var scalarValue = try parseHex4(path: path)
        if (0xD800...0xDBFF).contains(scalarValue) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw syntaxError("a \\u escape is an unpaired UTF-16 surrogate", path: path)
            }
            index += 2
            let low = try parseHex4(path: path)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw syntaxError("a \\u escape is an unpaired UTF-16 surrogate", path: path)
            }
            scalarValue = 0x10000 + ((scalarValue - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(scalarValue) else {
            throw syntaxError("a \\u escape is an unpaired UTF-16 surrogate", path: path)
        }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func parseHex4(path: String) throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexValue(bytes[index]) else {
                throw syntaxError("a \\u escape needs four hexadecimal digits", path: path)
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// JSON's number grammar (stricter than the CSV's: no '+' sign, no leading zeros), then the
    /// same correctly rounded conversion as the CSV reader.
    private mutating func parseNumber(path: String) throws -> Double {
        let start = index
        func isDigit(_ position: Int) -> Bool {
            position < bytes.count && bytes[position] >= UInt8(ascii: "0") && bytes[position] <= UInt8(ascii: "9")
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw syntaxError("a number needs digits after '-'", path: path) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw syntaxError("a number must not start with 0 (leading zeros are not JSON)", path: path) }
        } else {
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw syntaxError("a number needs digits after '.'", path: path) }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw syntaxError("a number needs digits in its exponent", path: path) }
            while isDigit(index) { index += 1 }
        }
        let outcome = bytes.withUnsafeBufferPointer { buffer -> DecimalParser.Outcome in
            guard let base = buffer.baseAddress else { return .invalid }
            return DecimalParser.parse(base + start, count: index - start)
        }
        switch outcome {
        case .value(let value): return value
        case .invalid, .outOfRange:
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            throw SessionFileError(file: file, line: line, keyPath: path.isEmpty ? nil : path,
                                   problem: "the number \(text) is beyond the range of a Double",
                                   remedy: "Write a finite number.")
        }
    }

    private mutating func expectLiteral(_ literal: String, path: String) throws {
        let expected = Array(literal.utf8)
        guard index + expected.count <= bytes.count, bytes[index..<(index + expected.count)].elementsEqual(expected) else {
            throw syntaxError("expected a value", path: path)
        }
        index += expected.count
    }

    /// "JSON syntax error at column 12: expected ',' or '}', found '"'".
    private func syntaxError(_ expectation: String, path: String) -> SessionFileError {
        let column = index - lineStartIndex + 1
        return SessionFileError(
            file: file, line: line, keyPath: path.isEmpty ? nil : path,
            problem: "JSON syntax error at column \(column): \(expectation), found \(foundDescription())",
            remedy: "Correct the JSON at this place (a missing comma, quote or bracket is the usual cause).")
    }

    private func foundDescription() -> String {
        guard index < bytes.count else { return "the end of the file" }
        let byte = bytes[index]
        if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return "the end of the line" }
        if byte < 0x80 {
            return CellProblem.quoted(String(UnicodeScalar(byte)))
        }
        // Show the whole UTF-8 character if the bytes form one.
        let tail = bytes[index..<min(index + 4, bytes.count)]
        for length in stride(from: tail.count, through: 1, by: -1) {
            if let text = String(validating: tail.prefix(length), as: UTF8.self), text.count == 1 {
                return CellProblem.quoted(text)
            }
        }
        return "the byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
