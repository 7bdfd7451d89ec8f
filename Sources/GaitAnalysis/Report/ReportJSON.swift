import Foundation
import GaitCore

/// An ordered JSON value: keys come out in the order built (the spec's order), so reports are
/// stable and readable.
indirect enum OrderedJSON {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    static func number(_ x: Double?) -> OrderedJSON { x.map { .number($0) } ?? .null }
    static func string(_ s: String?) -> OrderedJSON { s.map { .string($0) } ?? .null }

    func serialized(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1), end = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        // No NaN or Infinity in a report (report-json.md); a non-finite value would be a bug and
        // is written as null rather than as invalid JSON.
        case .number(let x): return x.isFinite ? Self.format(x) : "null"
        case .integer(let n): return String(n)
        case .string(let s): return Self.quoted(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { pad + $0.serialized(indent: indent + 1) }.joined(separator: ",\n") + "\n" + end + "]"
        case .object(let fields):
            if fields.isEmpty { return "{}" }
            return "{\n" + fields.map { pad + Self.quoted($0.0) + ": " + $0.1.serialized(indent: indent + 1) }.joined(separator: ",\n") + "\n" + end + "}"
        }
    }

    /// Six decimals are more than any measure resolves and keep reports readable.
    static func format(_ x: Double) -> String {
        let rounded = (x * 1e6).rounded() / 1e6
        return rounded == 0 ? "0" : "\(rounded)"
    }

    static func quoted(_ s: String) -> String {
        var result = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// Writes a `GaitReport` as the JSON of report-json.md: every required key present, `null` for
/// what was not measured, finite numbers only.
public enum ReportJSON {
    public static func data(_ report: GaitReport) -> Data {
        Data((json(report).serialized() + "\n").utf8)
    }

    static func json(_ report: GaitReport) -> OrderedJSON {
        let standing: OrderedJSON = report.standing.map { .object([("start", .number($0.start)), ("end", .number($0.end))]) } ?? .null
        let thresholds: [OrderedJSON] = report.thresholds.thresholds.flatMap { t -> [OrderedJSON] in
            // One entry when both sides share the value, one per side otherwise.
            let sides: [(Side?, Double?)] = t.leftValue == t.rightValue ? [(nil, t.leftValue)] : [(.left, t.leftValue), (.right, t.rightValue)]
            return sides.map { side, value in
                var fields: [(String, OrderedJSON)] = [("measure", .string(t.measure))]
                if let side { fields.append(("side", .string(side.rawValue))) }
                fields += [("value", .number(value)), ("source", .string(t.source))]
                return .object(fields)
            }
        }
        let strides: [OrderedJSON] = report.strides.map { stride in
            var fields: [(String, OrderedJSON)] = [
                ("index", .integer(stride.index)), ("side", .string(stride.side.rawValue)),
                ("ic", .number(stride.ic)), ("to", .number(stride.to)), ("nextIc", .number(stride.nextIc)),
                ("eventSource", .string(stride.eventSource)), ("stanceS", .number(stride.stanceS)),
                ("strideS", .number(stride.strideS)),
            ]
            fields += GaitReport.measures.map { ($0.key, .number($0.value(stride.measures))) }
            fields.append(("flags", .array(stride.flags.map { .string($0) })))
            return .object(fields)
        }
        var summary: [(String, OrderedJSON)] = Side.allCases.map { side in
            var fields: [(String, OrderedJSON)] = [("strides", .integer(report.strideCounts[side] ?? 0))]
            for measure in GaitReport.measures {
                if let stats = report.summary[side]?[measure.key] {
                    fields.append((measure.key, .object([("mean", .number(stats.mean)), ("sd", .number(stats.sd)), ("median", .number(stats.median))])))
                }
            }
            return (side.rawValue, .object(fields))
        }
        summary.append(("cadenceStepsPerMin", .number(report.cadenceStepsPerMin)))
        summary.append(("asymmetry", .object(GaitReport.measures.compactMap { measure in
            report.asymmetry[measure.key].map { (measure.key, .number($0)) }
        })))
        return .object([
            ("format", .string(GaitReport.formatIdentifier)),
            ("generator", .object([("name", .string("gait")), ("version", .string(report.generatorVersion))])),
            ("session", .object([
                ("id", .string(report.sessionID)), ("subject", .object([("id", .string(report.subjectID))])),
                ("activity", .string(report.activity)), ("start", .number(report.startS)), ("end", .number(report.endS)),
            ])),
            ("partial", .bool(report.partial)),
            ("warnings", .array(report.warnings.map { warning in
                .object([("code", .string(warning.code)), ("sensor", .string(warning.sensor)), ("start", .number(warning.start)),
                         ("end", .number(warning.end)), ("message", .string(warning.message))])
            })),
            ("calibration", .array(report.calibrations.map { calibration in
                .object([("sensor", .string(calibration.sensorID)), ("placement", .string(calibration.placement.rawValue)),
                         ("method", .string(calibration.method)), ("standing", standing),
                         ("misalignmentDeg", .number(calibration.misalignmentDeg)), ("quality", .number(calibration.quality)),
                         ("note", .string(calibration.note))])
            })),
            ("thresholds", .array(thresholds)),
            ("strides", .array(strides)),
            ("summary", .object(summary)),
            ("findings", .array(report.findings.map { finding in
                .object([("measure", .string(finding.measure)), ("side", .string(finding.side.rawValue)),
                         ("severity", .string(finding.severity)), ("text", .string(finding.text)), ("source", .string(finding.source))])
            })),
        ])
    }
}
