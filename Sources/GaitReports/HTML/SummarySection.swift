import GaitCore

/// Per measure: each side's median, mean ± SD, the asymmetry, the threshold and the share of
/// strides at or over it. All numbers are the report's `summary`, `thresholds` and `strides`.
enum SummarySection {
    static func html(_ d: ReportDocument) -> String {
        var html = "<section id=\"summary\">\n<h2>Left and right, per measure</h2>\n"
        html += "<p class=\"muted\">Median and mean ± SD over the strides that have the measure; asymmetry is right median − left median (positive: the right side shows more). Positive always means the harmful direction.</p>\n"
        html += "<table class=\"summary\"><thead><tr><th>measure</th><th>side</th><th class=\"num\">median</th><th class=\"num\">mean ± SD</th><th class=\"num\">threshold</th><th class=\"num\">strides at or over</th><th class=\"num\">asymmetry R − L</th></tr></thead><tbody>\n"
        for measure in ReportMeasure.allCases {
            for side in Side.allCases {
                let base = "summary.\(side.rawValue).\(measure.key)"
                let stats = d.summary.statistics(measure, side)
                html += "<tr>"
                if side == .left { html += "<th rowspan=\"2\">\(measure.words) (\(measure.unit))</th>" }
                html += "<td class=\"\(side.rawValue)\">\(side.rawValue)</td>"
                if let stats {
                    html += "<td class=\"num\">" + NumberMarkup.field("\(base).median", stats.median, decimals: measure.decimals) + "</td>"
                    html += "<td class=\"num\">" + NumberMarkup.field("\(base).mean", stats.mean, decimals: measure.decimals) + " ± "
                        + NumberMarkup.field("\(base).sd", stats.sd, decimals: measure.decimals) + "</td>"
                } else {
                    // Not in the report's summary: no stride of this side has the measure.
                    html += "<td class=\"num\">\(NumberText.notMeasured)</td><td class=\"num\">\(NumberText.notMeasured)</td>"
                }
                html += "<td class=\"num\">" + thresholdCell(d, measure, side) + "</td>"
                html += "<td class=\"num\">" + overCell(d, measure, side) + "</td>"
                if side == .left {
                    let asymmetry = d.summary.asymmetry[measure.key].map {
                        NumberMarkup.field("summary.asymmetry.\(measure.key)", $0, decimals: measure.decimals, signed: true)
                    } ?? NumberText.notMeasured
                    html += "<td class=\"num\" rowspan=\"2\">" + asymmetry + "</td>"
                }
                html += "</tr>\n"
            }
        }
        html += "</tbody></table>\n</section>\n"
        return html
    }

    static func thresholdCell(_ d: ReportDocument, _ measure: ReportMeasure, _ side: Side) -> String {
        guard let index = d.thresholdIndex(measure, side) else { return "none" }
        return NumberMarkup.field("thresholds[\(index)].value", d.thresholds[index].value, decimals: measure.decimals)
    }

    static func overCell(_ d: ReportDocument, _ measure: ReportMeasure, _ side: Side) -> String {
        // No threshold, or no stride measured: a share of nothing is not 0 %.
        guard let e = ThresholdExceedance(document: d, measure: measure, side: side), e.measured > 0 else { return NumberText.notMeasured }
        let tag = "\(side.rawValue):\(measure.key)"
        return NumberMarkup.derived("over:\(tag)", "\(e.over)") + " of " + NumberMarkup.derived("measured:\(tag)", "\(e.measured)")
            + " (" + NumberMarkup.derived("share:\(tag)", NumberText.percent(e.share)) + ")"
    }
}
