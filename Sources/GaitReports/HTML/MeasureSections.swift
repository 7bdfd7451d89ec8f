import GaitCore

/// One printed page per body region: each measure stride by stride over the session, then the
/// region's angle as mean ± SD over normalised stance, left and right overlaid.
enum MeasureSections {
    static let regions: [(id: String, title: String, measures: [ReportMeasure], curve: StanceCurveMeasure)] = [
        ("pelvis", "Pelvis: contralateral pelvic drop", [.pelvicDrop], .pelvicObliquity),
        ("knee", "Knee: valgus (abduction)", [.kneeValgus], .kneeAbduction),
        ("foot", "Foot: pronation and eversion", [.pronation, .peakEversion, .eversionVelocity], .footEversion),
    ]

    static func html(_ d: ReportDocument) -> String {
        regions.map { region in
            var html = "<section id=\"\(region.id)\" class=\"page region\">\n<h2>\(Markup.escape(region.title))</h2>\n"
            for measure in region.measures {
                html += "<figure class=\"chart\" data-chart=\"series\" data-measure=\"\(measure.key)\">\n"
                if d.strides.contains(where: { $0.value(measure) != nil }) {
                    html += StrideSeriesChart(document: d, measure: measure).svg()
                } else {
                    html += "<p class=\"unavailable\">\(measure.words) was not measured in this session (the sensors it needs are missing or failed calibration; see the warnings).</p>"
                }
                html += "\n<figcaption>\(measure.words) (\(measure.unit)) at each footstrike: left ● and right ◇. " + caption(d, measure) + "</figcaption>\n</figure>\n"
            }
            html += curveFigure(d, region.curve)
            return html + "</section>\n"
        }.joined()
    }

    static func caption(_ d: ReportDocument, _ measure: ReportMeasure) -> String {
        let limits = Side.allCases.compactMap { side in d.threshold(measure, side)?.value.map { "\(side.rawValue) " + NumberText.fixed($0, measure.decimals) + measure.unit } }
        if limits.isEmpty { return "No threshold for this measure in this report." }
        return "Shaded above the dashed line: at or over the threshold (" + limits.joined(separator: ", ") + "); strides at or over their own side's threshold are outlined in black."
    }

    static func curveFigure(_ d: ReportDocument, _ curve: StanceCurveMeasure) -> String {
        let curves = (d.stanceCurves ?? []).filter { $0.measure == curve }
        var html = "<figure class=\"chart\" data-chart=\"curve\" data-measure=\"\(curve.rawValue)\">\n"
        if curves.isEmpty {
            html += "<p class=\"unavailable\" data-unavailable=\"\(curve.rawValue)\">Stance curves unavailable: this report carries no <code>stanceCurves</code> for \(curve.words.lowercased()). The per-stride peaks above are complete; the course of the angle over stance needs a report from an analysis that writes the optional <code>stanceCurves</code> extension.</p>\n"
            html += "<figcaption>\(curve.words) over normalised stance: not available.</figcaption>\n"
        } else {
            html += StanceCurveChart(measure: curve, curves: curves.sorted { $0.side == .left && $1.side == .right }).svg()
            html += "\n<figcaption>\(curve.words) over normalised stance (0 % initial contact, 100 % toe-off), relative to quiet standing: mean (line) ± 1 SD (band), left solid, right dashed.</figcaption>\n"
        }
        return html + "</figure>\n"
    }
}
