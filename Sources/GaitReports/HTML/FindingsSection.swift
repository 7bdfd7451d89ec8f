import GaitCore

/// Findings for the remedial assessment: per movement fault and side, how often and how far over
/// its threshold, the threshold's source, and what a therapist might assess next. Suggestions
/// to assess, never a diagnosis.
enum FindingsSection {
    static func html(_ d: ReportDocument) -> String {
        var html = "<section id=\"findings\">\n<h2>Findings for the assessment</h2>\n"
        html += "<p class=\"disclaimer\">These findings describe movement measured with body-worn sensors. They are not a diagnosis; they suggest what may be worth assessing in the clinic.</p>\n"
        let flagged = ThresholdExceedance.all(d).filter { $0.over > 0 }.sorted { $0.share > $1.share }
        var shownFindings = Set<Int>()
        if flagged.isEmpty {
            html += "<p>No stride reached a threshold.</p>\n"
        }
        for e in flagged {
            let severity = e.share >= 0.5 ? "flag" : "note"
            let suggestion = AssessmentSuggestion.forMeasure(e.measure)
            let tag = "\(e.side.rawValue):\(e.measure.key)"
            html += "<div class=\"finding \(severity)\" data-measure=\"\(e.measure.key)\" data-side=\"\(e.side.rawValue)\">\n"
            html += "<h3><span class=\"badge \(severity)\">\(severity == "flag" ? "FLAG" : "NOTE")</span> \(Markup.escape(suggestion?.fault ?? e.measure.words)) — <span class=\"\(e.side.rawValue)\">\(e.side.rawValue) stance</span></h3>\n"
            let median = d.summary.statistics(e.measure, e.side)?.median
            html += "<p>\(e.measure.words) reached or exceeded its threshold of "
                + NumberMarkup.field("thresholds[\(d.thresholdIndex(e.measure, e.side)!)].value", e.threshold, decimals: e.measure.decimals, unit: e.measure.unit)
                + " in " + NumberMarkup.derived("over:\(tag)", "\(e.over)") + " of " + NumberMarkup.derived("measured:\(tag)", "\(e.measured)")
                + " strides (" + NumberMarkup.derived("share:\(tag)", NumberText.percent(e.share)) + "). Median "
                + NumberMarkup.field("summary.\(e.side.rawValue).\(e.measure.key).median", median, decimals: e.measure.decimals, unit: e.measure.unit)
                + (median.map { " (" + NumberText.fixed($0 - e.threshold, e.measure.decimals, signed: true) + e.measure.unit + " from the threshold)" } ?? "")
                + ", largest " + NumberMarkup.derived("max:\(tag)", NumberText.fixed(e.maximum, e.measure.decimals)) + e.measure.unit + ".</p>\n"
            if let index = d.findings.firstIndex(where: { $0.measure == e.measure.key && $0.side == e.side }) {
                shownFindings.insert(index)
                html += "<p class=\"muted\">In the analysis's words: <span data-finding=\"\(index)\">\(Markup.escape(d.findings[index].text))</span></p>\n"
            }
            if let suggestion {
                html += "<p class=\"assess\"><b>Suggested to assess:</b> \(Markup.escape(suggestion.structures)).</p>\n"
                html += "<p>\(Markup.escape(suggestion.evidence))</p>\n"
                html += "<p class=\"muted\">\(Markup.escape(suggestion.caution))</p>\n"
            }
            if e.measure == .pelvicDrop, let cadence = d.summary.cadenceStepsPerMin {
                html += "<p>Cadence in this session: " + NumberMarkup.field("summary.cadenceStepsPerMin", cadence, decimals: 1, unit: " steps/min") + ".</p>\n"
            }
            html += "<p class=\"source\">Threshold source: \(Markup.escape(d.threshold(e.measure, e.side)?.source ?? "not given"))</p>\n</div>\n"
        }
        // Findings of the analysis not tied to a threshold above: shown as written.
        for (index, finding) in d.findings.enumerated() where !shownFindings.contains(index) {
            html += "<div class=\"finding \(finding.severity == "flag" ? "flag" : "note")\"><p><span data-finding=\"\(index)\">\(Markup.escape(finding.text))</span></p>"
            if let source = finding.source { html += "<p class=\"source\">Source: \(Markup.escape(source))</p>" }
            html += "</div>\n"
        }
        let unthresholded = ReportMeasure.allCases.filter { m in Side.allCases.allSatisfy { d.threshold(m, $0) == nil } }
        if !unthresholded.isEmpty {
            html += "<p class=\"muted\">No threshold in this report for: \(unthresholded.map { $0.words.lowercased() }.joined(separator: ", ")). "
            if unthresholded.contains(.pelvicDrop) {
                html += "Pelvic drop has no verified absolute cut-off; give a healthy reference (<code>gait analyze --pelvic-drop-reference MEAN,SD</code>) to flag at its mean + 1 SD (Bramah et al. 2018, 2019). "
            }
            html += "These are described, not flagged.</p>\n"
        }
        html += "</section>\n"
        return html
    }
}
