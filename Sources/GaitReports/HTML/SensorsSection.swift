/// The sensors: how each was calibrated to its segment and how well, the clock corrections
/// applied, and every warning of the report.
enum SensorsSection {
    static func html(_ d: ReportDocument) -> String {
        var html = "<section id=\"sensors\" class=\"page\">\n<h2>Sensors, calibration and warnings</h2>\n"
        html += "<p class=\"muted\">Misalignment: the angle between the nominal strap mounting and the sensor-to-segment rotation the calibration found. Quality: the analysis's figure (0–1) of how well the calibration is determined.</p>\n"
        html += "<table class=\"calibration\"><thead><tr><th>sensor</th><th>placement</th><th>method</th><th class=\"num\">standing (s)</th><th class=\"num\">misalignment (°)</th><th class=\"num\">quality</th></tr></thead><tbody>\n"
        for (i, c) in d.calibration.enumerated() {
            let standing = c.standing.map {
                NumberMarkup.field("calibration[\(i)].standing.start", $0.start, decimals: 1) + "–" + NumberMarkup.field("calibration[\(i)].standing.end", $0.end, decimals: 1)
            } ?? "–"
            html += "<tr class=\"sensor\"><td>\(Markup.escape(c.sensor))</td><td>\(Markup.escape(c.placement))</td><td>\(Markup.escape(c.method))</td>"
            html += "<td class=\"num\">\(standing)</td><td class=\"num\">" + NumberMarkup.field("calibration[\(i)].misalignmentDeg", c.misalignmentDeg, decimals: 1) + "</td>"
            html += "<td class=\"num\">" + NumberMarkup.field("calibration[\(i)].quality", c.quality, decimals: 2) + "</td>"
            html += "</tr>\n<tr class=\"note\"><td></td><td colspan=\"5\" class=\"muted\">\(Markup.escape(c.note ?? ""))</td></tr>\n"
        }
        if d.calibration.isEmpty { html += "<tr><td colspan=\"6\">No sensor was calibrated.</td></tr>\n" }
        html += "</tbody></table>\n"
        if !d.clocks.isEmpty {
            html += "<h3>Clock corrections applied</h3>\n<table class=\"clocks\"><thead><tr><th>sensor</th><th class=\"num\">offset (ms)</th><th class=\"num\">drift (ppm)</th><th>method</th></tr></thead><tbody>\n"
            for (i, clock) in d.clocks.enumerated() {
                // Shown in ms; the key path's value is in s, so the page scales it (data-scale).
                let offset = clock.offsetS.map { NumberText.fixed($0 * 1000, 1, signed: true) } ?? NumberText.notMeasured
                html += "<tr><td>\(Markup.escape(clock.sensor))</td><td class=\"num\"><span class=\"num\" data-field=\"clocks[\(i)].offsetS\" data-scale=\"1000\">\(offset)</span></td>"
                html += "<td class=\"num\">" + NumberMarkup.field("clocks[\(i)].driftPpm", clock.driftPpm, decimals: 0, signed: true) + "</td><td class=\"muted\">\(Markup.escape(clock.method ?? ""))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        html += "<h3>Warnings (" + NumberMarkup.derived("warnings", "\(d.warnings.count)") + ")</h3>\n"
        if d.warnings.isEmpty {
            html += "<p>None.</p>\n"
        } else {
            html += "<ul class=\"warnings\">\n"
            for (i, w) in d.warnings.enumerated() {
                var when = ""
                if let start = w.start {
                    when = " (" + NumberMarkup.field("warnings[\(i)].start", start, decimals: 2)
                    if let end = w.end { when += "–" + NumberMarkup.field("warnings[\(i)].end", end, decimals: 2) }
                    when += " s)"
                }
                html += "<li data-warning=\"\(i)\"><code>\(Markup.escape(w.code))</code>" + (w.sensor.map { " <b>\(Markup.escape($0))</b>" } ?? "")
                    + when + ": \(Markup.escape(w.message))</li>\n"
            }
            html += "</ul>\n"
        }
        html += "</section>\n"
        return html
    }
}
