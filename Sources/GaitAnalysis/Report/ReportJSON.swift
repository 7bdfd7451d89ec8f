import Foundation
import GaitCore
import GaitSessionFiles

extension OrderedJSON {
    /// A measured number, or null when there is none. Rounded to six decimals, more than any
    /// measure resolves; no NaN or Infinity may appear in a report (report-json.md), so a
    /// non-finite value — which would be a bug — is written as null rather than as invalid JSON.
    static func measured(_ x: Double?) -> OrderedJSON {
        guard let x, x.isFinite else { return .null }
        let rounded = (x * 1e6).rounded() / 1e6
        return .number(rounded == 0 ? 0 : rounded)
    }

    static func text(_ s: String?) -> OrderedJSON { s.map { .string($0) } ?? .null }
}

/// Writes a `GaitReport` as the JSON of report-json.md: every required key present, `null` for
/// what was not measured, finite numbers only.
public enum ReportJSON {
    public static func data(_ report: GaitReport) -> Data {
        Data((json(report).text() + "\n").utf8)
    }

    static func json(_ report: GaitReport) -> OrderedJSON {
        let standing: OrderedJSON = report.standing.map { .object([("start", .measured($0.start)), ("end", .measured($0.end))]) } ?? .null
        let thresholds: [OrderedJSON] = report.thresholds.thresholds.flatMap { t -> [OrderedJSON] in
            // One entry when both sides share the value, one per side otherwise.
            let sides: [(Side?, Double?)] = t.leftValue == t.rightValue ? [(nil, t.leftValue)] : [(.left, t.leftValue), (.right, t.rightValue)]
            return sides.map { side, value in
                var fields: [(key: String, value: OrderedJSON)] = [("measure", .string(t.measure))]
                if let side { fields.append(("side", .string(side.rawValue))) }
                fields += [("value", .measured(value)), ("source", .string(t.source))]
                return .object(fields)
            }
        }
        let strides: [OrderedJSON] = report.strides.map { stride in
            var fields: [(key: String, value: OrderedJSON)] = [
                ("index", .number(Double(stride.index))), ("side", .string(stride.side.rawValue)),
                ("ic", .measured(stride.ic)), ("to", .measured(stride.to)), ("nextIc", .measured(stride.nextIc)),
                ("eventSource", .string(stride.eventSource)), ("stanceS", .measured(stride.stanceS)),
                ("strideS", .measured(stride.strideS)),
            ]
            fields += GaitReport.measures.map { ($0.key, .measured($0.value(stride.measures))) }
            fields.append(("flags", .array(stride.flags.map { .string($0) })))
            return .object(fields)
        }
        var summary: [(key: String, value: OrderedJSON)] = Side.allCases.map { side in
            var fields: [(key: String, value: OrderedJSON)] = [("strides", .number(Double(report.strideCounts[side] ?? 0)))]
            for measure in GaitReport.measures {
                if let stats = report.summary[side]?[measure.key] {
                    fields.append((measure.key, .object([("mean", .measured(stats.mean)), ("sd", .measured(stats.sd)), ("median", .measured(stats.median))])))
                }
            }
            return (side.rawValue, .object(fields))
        }
        summary.append(("cadenceStepsPerMin", .measured(report.cadenceStepsPerMin)))
        summary.append(("asymmetry", .object(GaitReport.measures.compactMap { measure in
            report.asymmetry[measure.key].map { (measure.key, .measured($0)) }
        })))
        return .object([
            ("format", .string(GaitReport.formatIdentifier)),
            ("generator", .object([("name", .string("gait")), ("version", .string(report.generatorVersion))])),
            ("session", .object([
                ("id", .string(report.sessionID)), ("subject", .object([("id", .text(report.subjectID))])),
                ("activity", .text(report.activity)), ("start", .measured(report.startS)), ("end", .measured(report.endS)),
            ])),
            ("partial", .bool(report.partial)),
            ("warnings", .array(report.warnings.map { warning in
                .object([("code", .string(warning.code)), ("sensor", .text(warning.sensor)), ("start", .measured(warning.start)),
                         ("end", .measured(warning.end)), ("message", .string(warning.message))])
            })),
            ("calibration", .array(report.calibrations.map { calibration in
                .object([("sensor", .string(calibration.sensorID)), ("placement", .string(calibration.placement.rawValue)),
                         ("method", .string(calibration.method)), ("standing", standing),
                         ("misalignmentDeg", .measured(calibration.misalignmentDeg)), ("quality", .measured(calibration.quality)),
                         ("note", .string(calibration.note))])
            })),
            // Not in report-json.md's list; later keys are allowed, and conventions.md asks that the
            // corrected clock offsets and drifts be reported.
            ("clocks", .array(report.clockCorrections.map { clock in
                .object([("sensor", .string(clock.sensorID)), ("offsetS", .measured(clock.offsetS)),
                         ("driftPpm", .measured(clock.driftPpm)), ("method", .string(clock.method))])
            })),
            ("thresholds", .array(thresholds)),
            ("strides", .array(strides)),
            ("summary", .object(summary)),
            ("findings", .array(report.findings.map { finding in
                .object([("measure", .string(finding.measure)), ("side", .string(finding.side.rawValue)),
                         ("severity", .string(finding.severity)), ("text", .string(finding.text)), ("source", .string(finding.source))])
            })),
            // An optional extension (docs/report-json-stance-curves.md) the HTML report draws.
            ("stanceCurves", .array(report.stanceCurves.map { curve in
                .object([("measure", .string(curve.angle.rawValue)), ("side", .string(curve.side.rawValue)),
                         ("strides", .number(Double(curve.strides))),
                         ("meanDeg", .array(curve.meanDeg.map { .measured($0) })),
                         ("sdDeg", .array(curve.sdDeg.map { .measured($0) }))])
            })),
        ])
    }
}
