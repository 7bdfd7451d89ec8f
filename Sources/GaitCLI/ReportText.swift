import Foundation
import GaitAnalysis
import GaitCore

/// The report as plain text for a terminal: one line per footstrike, then a summary.
enum ReportText {
    static func render(_ report: GaitReport, perStride: Bool) -> String {
        var lines: [String] = []
        func number(_ x: Double?, _ format: String) -> String { x.map { String(format: format, $0) } ?? "–" }
        if perStride {
            lines.append("  #  side    IC s   stance ms   drop °   valgus °   pronation °   peak ev. °   ev. vel. °/s   flags")
            for stride in report.strides {
                let m = stride.measures
                lines.append(String(format: "%3d  ", stride.index) + stride.side.rawValue.padded(5)
                    + number(stride.ic, "%8.3f") + number(stride.stanceS * 1000, "%12.0f")
                    + number(m.pelvicDropDeg, "%9.1f").leftPadded(9) + number(m.kneeValgusDeg, "%11.1f").leftPadded(11)
                    + number(m.pronationDeg, "%14.1f").leftPadded(14) + number(m.peakEversionDeg, "%13.1f").leftPadded(13)
                    + number(m.eversionVelocityDegPerS, "%15.0f").leftPadded(15) + "   " + stride.flags.joined(separator: ","))
            }
            lines.append("")
        }
        lines.append("Summary (median over strides; asymmetry is right − left):")
        lines.append("  measure                          left         right        asymmetry")
        for measure in GaitReport.measures {
            let left = report.summary[.left]?[measure.key]?.median, right = report.summary[.right]?[measure.key]?.median
            lines.append("  " + (measure.words + " (" + measure.unit + ")").padded(30)
                + number(left, "%8.1f").leftPadded(8) + number(right, "%14.1f").leftPadded(14)
                + number(report.asymmetry[measure.key], "%+16.1f").leftPadded(16))
        }
        lines.append(String(format: "  strides: %d left, %d right; cadence %@ steps/min",
                            report.strideCounts[.left] ?? 0, report.strideCounts[.right] ?? 0,
                            number(report.cadenceStepsPerMin, "%.1f") as NSString))
        let corrected = report.clockCorrections.filter { $0.offsetS != 0 || $0.driftPpm != 0 }
        if !corrected.isEmpty {
            lines.append("  clocks corrected: " + corrected.map {
                String(format: "%@ %+.1f ms, %+.0f ppm", $0.sensorID as NSString, $0.offsetS * 1000, $0.driftPpm)
            }.joined(separator: "; "))
        }
        if !report.findings.isEmpty {
            lines.append("")
            lines.append("Findings (movement, not diagnosis):")
            for finding in report.findings { lines.append("  • " + finding.text) }
        }
        if !report.warnings.isEmpty {
            lines.append("")
            lines.append("Warnings:")
            for warning in report.warnings.prefix(12) {
                lines.append("  " + (warning.sensor.map { "\($0): " } ?? "") + warning.message)
            }
            if report.warnings.count > 12 { lines.append("  … \(report.warnings.count - 12) more in the JSON report") }
        }
        if report.partial { lines.append("\nPARTIAL: part of the input was cut short; see the warnings.") }
        return lines.joined(separator: "\n") + "\n"
    }
}
