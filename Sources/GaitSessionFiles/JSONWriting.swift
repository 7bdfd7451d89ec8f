/// A JSON value with its keys in the order they are to be written (session.json, and the
/// report of GaitAnalysis).
public indirect enum OrderedJSON: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(key: String, value: OrderedJSON)])

    /// Unknown keys are written in sorted order so that the same manifest always gives the same
    /// text (a dictionary has no order of its own).
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .number(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .array(let items): self = .array(items.map(OrderedJSON.init))
        case .object(let members): self = .object(OrderedJSON.sorted(members))
        }
    }

    static func sorted(_ members: [String: JSONValue]) -> [(key: String, value: OrderedJSON)] {
        members.keys.sorted().compactMap { key in members[key].map { (key, OrderedJSON($0)) } }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    /// Pretty text: two-space indentation; a container of scalars that fits in `inlineWidth`
    /// characters stays on one line, as in the examples of session-csv.md.
    public func text(indent: String = "", inlineWidth: Int = 100) -> String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return OrderedJSON.format(value)
        case .string(let value): return OrderedJSON.quote(value)
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy(\.isScalar) {
                let inline = "[" + items.map { $0.text() }.joined(separator: ", ") + "]"
                if indent.count + inline.count <= inlineWidth { return inline }
            }
            let inner = indent + "  "
            return "[\n" + items.map { inner + $0.text(indent: inner, inlineWidth: inlineWidth) }.joined(separator: ",\n")
                + "\n" + indent + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            if members.allSatisfy(\.value.isScalar) {
                let inline = "{ " + members.map { OrderedJSON.quote($0.key) + ": " + $0.value.text() }.joined(separator: ", ") + " }"
                if indent.count + inline.count <= inlineWidth { return inline }
            }
            let inner = indent + "  "
            return "{\n" + members.map { inner + OrderedJSON.quote($0.key) + ": " + $0.value.text(indent: inner, inlineWidth: inlineWidth) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    /// Integers as integers (`500`, not `500.0`); everything else in Swift's shortest round-trip
    /// form, which is valid JSON (`1e-05`, `5e+20`, `-0.0`) and reads back bit for bit.
    /// Callers have checked that `value` is finite.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
            return String(Int64(value))
        }
        return value.description
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
