/// Every stride in one table a coach can sort by any column; strides with a flag are marked.
enum StrideTableSection {
    static func html(_ d: ReportDocument) -> String {
        var html = "<section id=\"strides\" class=\"page\">\n<h2>Every stride</h2>\n"
        html += "<p class=\"muted\"><span class=\"screen-only\">Click a column heading to sort by it, again to reverse. </span>Times in seconds on the session clock; ⚑ marks a stride at or over a threshold (shaded).</p>\n"
        html += "<p class=\"screen-only\"><label><input type=\"checkbox\" class=\"only-flagged\"> show only strides with a flag</label></p>\n"
        html += "<table class=\"strides\"><thead><tr><th class=\"num\">#</th><th>side</th><th class=\"num\">IC (s)</th><th class=\"num\">TO (s)</th><th class=\"num\">stance (s)</th><th class=\"num\">stride (s)</th><th>events</th>"
        for measure in ReportMeasure.allCases { html += "<th class=\"num\" title=\"\(measure.words)\">\(measure.shortWords) (\(measure.unit))</th>" }
        html += "<th>flags</th></tr></thead><tbody>\n"
        for (i, s) in d.strides.enumerated() {
            let p = "strides[\(i)]"
            html += "<tr class=\"\(s.flags.isEmpty ? "" : "flagged")\" data-stride=\"\(s.index)\">"
            html += NumberMarkup.cell("\(p).index", Double(s.index), decimals: 0)
            html += "<td class=\"\(s.side.rawValue)\">\(s.side.rawValue)</td>"
            html += NumberMarkup.cell("\(p).ic", s.ic, decimals: 3) + NumberMarkup.cell("\(p).to", s.to, decimals: 3)
            html += NumberMarkup.cell("\(p).stanceS", s.stanceS, decimals: 3) + NumberMarkup.cell("\(p).strideS", s.strideS, decimals: 3)
            html += "<td>\(Markup.escape(s.eventSource))</td>"
            for measure in ReportMeasure.allCases {
                html += NumberMarkup.cell("\(p).\(measure.key)", s.value(measure), decimals: measure.decimals)
            }
            html += "<td class=\"flags\" data-sort-value=\"\(s.flags.count)\">" + (s.flags.isEmpty ? "" : "⚑ " + s.flags.map(Markup.escape).joined(separator: ", ")) + "</td></tr>\n"
        }
        if d.strides.isEmpty { html += "<tr><td colspan=\"13\">No footstrikes were detected; the warnings say why.</td></tr>\n" }
        html += "</tbody></table>\n</section>\n"
        return html
    }
}
