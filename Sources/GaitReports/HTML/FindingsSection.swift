import GaitCore

/// Findings for the remedial assessment: per movement fault, each side's share of strides at or
/// over its threshold and how far, the threshold's source, and what a therapist might assess
/// next. Suggestions to assess, never a diagnosis.
enum FindingsSection {
    static func html(_ d: ReportDocument) -> String {
        var html = "<section id=\"findings\">\n<h2>Findings for the assessment</h2>\n"
        html += "<p class=\"disclaimer\">These findings describe movement measured with body-worn sensors. They are not a diagnosis; they suggest what may be worth assessing in the clinic.</p>\n"
        let flagged = ThresholdExceedance.all(d).filter { $0.over > 0 }
        // One card per fault, the fault most often over its threshold first.
        let faults = ReportMeasure.allCases.compactMap { measure -> [ThresholdExceedance]? in
            let sides = flagged.filter { $0.measure == measure }
            return sides.isEmpty ? nil : sides
        }.sorted { $0.map(\.share).max()! > $1.map(\.share).max()! }
        var shownFindings = Set<Int>()
        if faults.isEmpty { html += "<p>No stride reached a threshold.</p>\n" }
        for sides in faults {
            let measure = sides[0].measure
            let severity = sides.contains { $0.share >= 0.5 } ? "flag" : "note"
            let suggestion = AssessmentSuggestion.forMeasure(measure)
            let sideWords = sides.map { "<span class=\"\($0.side.rawValue)\">\($0.side.rawValue)</span>" }.joined(separator: " and ")
            html += "<div class=\"finding \(severity)\" data-measure=\"\(measure.key)\">\n"
            html += "<h3><span class=\"badge \(severity)\">\(severity == "flag" ? "FLAG" : "NOTE")</span> \(Markup.escape(suggestion?.fault ?? measure.words)) — \(sideWords) stance</h3>\n"
            for e in sides {
                html += sideParagraph(d, e)
                if let index = d.findings.firstIndex(where: { $0.measure == measure.key && $0.side == e.side }) {
                    shownFindings.insert(index)
                    html += "<p class=\"muted\">In the analysis's words: <span data-finding=\"\(index)\">\(Markup.escape(d.findings[index].text))</span></p>\n"
                }
            }
            if let suggestion {
                html += "<p class=\"assess\"><b>Suggested to assess:</b> \(Markup.escape(suggestion.structures)).</p>\n"
                html += "<p>\(Markup.escape(suggestion.evidence))</p>\n"
                html += "<p class=\"muted\">\(Markup.escape(suggestion.caution))</p>\n"
            }
            if measure == .pelvicDrop, let cadence = d.summary.cadenceStepsPerMin {
                html += "<p>Cadence in this session: " + NumberMarkup.field("summary.cadenceStepsPerMin", cadence, decimals: 1, unit: " steps/min") + ".</p>\n"
            }
            let sources = Set(sides.compactMap { d.threshold(measure, $0.side)?.source })
            for source in sources.sorted() { html += "<p class=\"source\">Threshold source: \(Markup.escape(source))</p>\n" }
            html += "</div>\n"
        }
        // Findings of the analysis not tied to a threshold above: shown as written.
        for (index, finding) in d.findings.enumerated() where !shownFindings.contains(index) {
            html += "<div class=\"finding \(finding.severity == "flag" ? "flag" : "note")\"><p><span data-finding=\"\(index)\">\(Markup.escape(finding.text))</span></p>"
            if let source = finding.source { html += "<p class=\"source\">Source: \(Markup.escape(source))</p>" }
            html += "</div>\n"
        }
        html += unthresholded(d)
        return html + "</section>\n"
    }

    /// "Left stance: 13 of 28 strides (46 %) at or over 4.5°; median 4.5° (0.0° from it), largest 5.4°."
    static func sideParagraph(_ d: ReportDocument, _ e: ThresholdExceedance) -> String {
        let tag = "\(e.side.rawValue):\(e.measure.key)"
        let median = d.summary.statistics(e.measure, e.side)?.median
        let unit = e.measure.unit
        return "<p><span class=\"\(e.side.rawValue)\">\(e.side == .left ? "Left" : "Right") stance:</span> "
            + NumberMarkup.derived("over:\(tag)", "\(e.over)") + " of " + NumberMarkup.derived("measured:\(tag)", "\(e.measured)")
            + " strides (" + NumberMarkup.derived("share:\(tag)", NumberText.percent(e.share)) + ") at or over its threshold of "
            + NumberMarkup.field("thresholds[\(d.thresholdIndex(e.measure, e.side)!)].value", e.threshold, decimals: e.measure.decimals, unit: unit)
            + "; median " + NumberMarkup.field("summary.\(e.side.rawValue).\(e.measure.key).median", median, decimals: e.measure.decimals, unit: unit)
            + (median.map { " (" + NumberText.fixed($0 - e.threshold, e.measure.decimals, signed: true) + unit + " from the threshold)" } ?? "")
            + ", largest " + NumberMarkup.derived("max:\(tag)", NumberText.fixed(e.maximum, e.measure.decimals)) + unit + ".</p>\n"
    }

    static func unthresholded(_ d: ReportDocument) -> String {
        let measures = ReportMeasure.allCases.filter { m in Side.allCases.allSatisfy { d.threshold(m, $0) == nil } }
        guard !measures.isEmpty else { return "" }
        var html = "<p class=\"muted\">No threshold in this report for: \(measures.map { $0.words.lowercased() }.joined(separator: ", ")). "
        if measures.contains(.pelvicDrop) {
            html += "Pelvic drop has no verified absolute cut-off; give a healthy reference (<code>gait analyze --pelvic-drop-reference MEAN,SD</code>) to flag at its mean + 1 SD (Bramah et al. 2018, 2019). "
        }
        return html + "These are described, not flagged.</p>\n"
    }
}
