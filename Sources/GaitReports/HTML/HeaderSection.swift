import GaitCore

/// The first lines: who, which session, how long, and the few numbers a coach looks at first.
enum HeaderSection {
    static func html(_ d: ReportDocument) -> String {
        let subject = d.session.subject?.id.map(Markup.escape) ?? "not given"
        let activity = d.session.activity.map(Markup.escape) ?? "not given"
        var html = "<header>\n<h1>Running gait report</h1>\n"
        html += "<p>Subject <b data-field=\"session.subject.id\">\(subject)</b> · session <b data-field=\"session.id\">\(Markup.escape(d.session.id))</b> · \(activity) · "
        html += NumberMarkup.field("session.start", d.session.start, decimals: 1) + "–" + NumberMarkup.field("session.end", d.session.end, decimals: 1) + " s"
        html += " · \(Markup.escape(d.generator.name)) \(Markup.escape(d.generator.version)), report format \(Markup.escape(d.format))"
        if d.partial { html += " <span class=\"badge partial\">PARTIAL: part of the input was rejected or cut short; see the warnings</span>" }
        html += "</p>\n<div class=\"keyfacts\">"
        html += "<div>Strides, left<b>" + NumberMarkup.field("summary.left.strides", Double(d.summary.left.strides), decimals: 0) + "</b></div>"
        html += "<div>Strides, right<b>" + NumberMarkup.field("summary.right.strides", Double(d.summary.right.strides), decimals: 0) + "</b></div>"
        html += "<div>Cadence<b>" + NumberMarkup.field("summary.cadenceStepsPerMin", d.summary.cadenceStepsPerMin, decimals: 1, unit: " steps/min") + "</b></div>"
        html += "<div>Warnings<b>" + NumberMarkup.derived("warnings", "\(d.warnings.count)") + "</b></div>"
        html += "</div>\n</header>\n"
        return html
    }
}
