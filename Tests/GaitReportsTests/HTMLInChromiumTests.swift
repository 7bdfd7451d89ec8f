import Foundation
import GaitReports
import Testing

/// The HTML report opened in headless Chromium: every chart rendered with axes, ticks and a
/// legend, no script error, and every number shown — in tables, text and the charts' geometry —
/// equal to the report JSON that was fed in (read with JSONSerialization, not the renderer's model).
@Suite(.serialized) struct HTMLInChromiumTests {
    static let measures = ["pelvicDropDeg", "kneeValgusDeg", "pronationDeg", "peakEversionDeg", "eversionVelocityDegPerS"]

    /// The threshold of report-json.md's `thresholds` that applies to a measure on a side.
    static func threshold(_ tree: [String: Any], _ measure: String, _ side: String) -> Double? {
        let all = tree["thresholds"] as! [[String: Any]]
        let entry = all.first { $0["measure"] as? String == measure && ($0["side"] == nil || $0["side"] as? String == side) }
        return (entry?["value"] as? NSNumber)?.doubleValue
    }

    @Test(arguments: ProbedPages.names)
    func everyChartRendersWithoutErrors(_ name: String) throws {
        let page = try ProbedPages.page(name)
        let tree = try ReportFixtures.tree(page.jsonData)
        let strides = tree["strides"] as! [[String: Any]]
        #expect(page.reading.errors.isEmpty, "script errors: \(page.reading.errors)")
        #expect(page.console.isEmpty, "console output: \(page.console)")

        let series = page.reading.charts.filter { $0.kind == "series" }
        #expect(series.map(\.measure) == Self.measures)
        for chart in series {
            guard strides.contains(where: { !($0[chart.measure] is NSNull) }) else {
                // Not measured in any stride: the page says so instead of an empty chart.
                #expect(chart.unavailable && !chart.svg, "\(chart.measure)")
                continue
            }
            #expect(chart.svg, "\(chart.measure): no SVG")
            #expect((chart.width ?? 0) > 300 && (chart.height ?? 0) > 100, "\(chart.measure): drawn \(chart.width ?? 0)×\(chart.height ?? 0) px")
            #expect((chart.yTicks?.count ?? 0) >= 3 && (chart.xTicks?.count ?? 0) >= 3, "\(chart.measure): too few ticks")
            #expect(chart.xTitle?.contains("(s)") == true, "\(chart.measure): x axis title with unit")
            #expect(chart.yTitle?.contains(chart.measure.hasSuffix("DegPerS") ? "(°/s)" : "(°)") == true, "\(chart.measure): y axis title with unit")
            #expect((chart.legend?.count ?? 0) >= 2)
            for side in ["left", "right"] {
                let expected = strides.filter { $0["side"] as? String == side && !($0[chart.measure] is NSNull) }.count
                #expect(chart.points?.filter { $0.side == side }.count == expected, "\(chart.measure) \(side): marks ≠ strides")
            }
        }

        let curves = page.reading.charts.filter { $0.kind == "curve" }
        #expect(curves.map(\.measure) == ["pelvicObliquityDeg", "kneeAbductionDeg", "footEversionDeg"])
        for chart in curves {
            if tree["stanceCurves"] == nil {
                // No curves in the JSON: the page says so instead of drawing anything.
                #expect(chart.unavailable && !chart.svg)
            } else {
                #expect(chart.svg && !chart.unavailable)
                #expect(chart.means?.map(\.side) == ["left", "right"])
                #expect((chart.yTicks?.count ?? 0) >= 3 && (chart.xTicks?.count ?? 0) >= 5 && chart.legend?.count == 2)
                #expect(chart.xTitle?.contains("stance (%") == true && chart.yTitle?.contains("(°)") == true)
            }
        }
    }

    @Test(arguments: ProbedPages.names)
    func numbersShownAreTheReports(_ name: String) throws {
        let page = try ProbedPages.page(name)
        let tree = try ReportFixtures.tree(page.jsonData)
        let strides = tree["strides"] as! [[String: Any]]
        var checked = 0
        for field in page.reading.fields {
            let value = JSONPath.value(field.path, in: tree)
            #expect(value != nil, "\(field.path) is not in the report")
            if let text = value as? String {
                #expect(field.text == text, "\(field.path)")
            } else if value is NSNull {
                #expect(field.text == "–", "\(field.path): null shown as \(field.text)")
            } else if let number = JSONPath.number(field.path, in: tree) {
                let shown = try #require(ShownNumber(field.text), "\(field.path): \(field.text) is not a number")
                #expect(shown.shows(number * field.scale), "\(field.path): shows \(field.text), report has \(number)")
            }
            checked += 1
        }
        // Every stride's ten numbers are in the table (index, IC, TO, stance, stride, five
        // measures), plus the summary.
        #expect(checked >= strides.count * 10 + (strides.isEmpty ? 4 : 20), "only \(checked) numbers tagged")
        for measure in Self.measures {
            for side in ["left", "right"] where JSONPath.value("summary.\(side).\(measure)", in: tree) != nil {
                #expect(page.reading.fields.contains { $0.path == "summary.\(side).\(measure).median" })
            }
            if tree["summary"].flatMap({ ($0 as? [String: Any])?["asymmetry"] as? [String: Any] })?[measure] != nil {
                #expect(page.reading.fields.contains { $0.path == "summary.asymmetry.\(measure)" })
            }
        }

        // Counts the page derives from the strides, recounted here from the JSON.
        for derived in page.reading.derived {
            let parts = derived.name.split(separator: ":").map(String.init)
            if parts == ["warnings"] {
                #expect(derived.text == "\((tree["warnings"] as! [Any]).count)")
                continue
            }
            let (kind, side, measure) = (parts[0], parts[1], parts[2])
            let limit = try #require(Self.threshold(tree, measure, side))
            let values = strides.filter { $0["side"] as? String == side }.compactMap { ($0[measure] as? NSNumber)?.doubleValue }
            let over = values.filter { $0 >= limit }.count
            switch kind {
            case "over": #expect(derived.text == "\(over)", "\(derived.name)")
            case "measured": #expect(derived.text == "\(values.count)", "\(derived.name)")
            case "share": #expect(ShownNumber(derived.text)!.shows(100 * Double(over) / Double(values.count)), "\(derived.name): \(derived.text)")
            case "max": #expect(ShownNumber(derived.text)!.shows(values.max()!), "\(derived.name): \(derived.text)")
            default: Issue.record("unknown derived number \(derived.name)")
            }
        }

        let findings = tree["findings"] as! [[String: Any]]
        #expect(Set(page.reading.findings.map(\.index)) == Set(findings.indices), "every finding shown")
        for shown in page.reading.findings { #expect(shown.text == findings[shown.index]["text"] as? String) }
        let warnings = tree["warnings"] as! [[String: Any]]
        #expect(page.reading.warnings.map(\.index) == Array(warnings.indices), "every warning shown")
        for shown in page.reading.warnings { #expect(shown.text.contains(warnings[shown.index]["message"] as! String)) }
    }

    /// Value at a pixel position, from two tick labels and where their tick lines were drawn.
    static func axis(_ ticks: [DOMProbe.Tick]) -> (Double) -> Double {
        let a = ticks.first!, b = ticks.last!
        let va = ShownNumber(a.text)!.value, vb = ShownNumber(b.text)!.value
        return { pixel in va + (pixel - a.at) * (vb - va) / (b.at - a.at) }
    }

    @Test(arguments: ProbedPages.names)
    func chartsPlotTheReportsValues(_ name: String) throws {
        let page = try ProbedPages.page(name)
        let tree = try ReportFixtures.tree(page.jsonData)
        let strides = tree["strides"] as! [[String: Any]]
        let byIndex = Dictionary(uniqueKeysWithValues: strides.map { (($0["index"] as! NSNumber).intValue, $0) })
        for chart in page.reading.charts where chart.kind == "series" && chart.svg {
            let yValue = Self.axis(chart.yTicks!), xValue = Self.axis(chart.xTicks!)
            let ySpan = abs(ShownNumber(chart.yTicks!.last!.text)!.value - ShownNumber(chart.yTicks!.first!.text)!.value)
            let xSpan = abs(ShownNumber(chart.xTicks!.last!.text)!.value - ShownNumber(chart.xTicks!.first!.text)!.value)
            for point in chart.points! {
                let stride = try #require(byIndex[point.stride])
                let value = (stride[chart.measure] as! NSNumber).doubleValue
                // Read off the drawing to within 0.2 % of the axis: far finer than the eye.
                #expect(abs(yValue(point.y) - value) < 0.002 * ySpan, "\(chart.measure) stride \(point.stride): drawn at \(yValue(point.y)), report \(value)")
                #expect(abs(xValue(point.x) - (stride["ic"] as! NSNumber).doubleValue) < 0.002 * xSpan)
                #expect(point.side == stride["side"] as? String)
                let limit = Self.threshold(tree, chart.measure, point.side)
                #expect(point.over == (limit.map { value >= $0 } ?? false), "\(chart.measure) stride \(point.stride): emphasis")
            }
            for line in chart.thresholds! {
                let side = line.side == "both" ? "left" : line.side
                let limit = try #require(Self.threshold(tree, chart.measure, side))
                #expect(abs(yValue(line.y) - limit) < 0.002 * ySpan, "\(chart.measure) threshold line")
            }
            let sidesWithThreshold = ["left", "right"].filter { Self.threshold(tree, chart.measure, $0) != nil }
            #expect(chart.thresholds!.isEmpty == sidesWithThreshold.isEmpty, "\(chart.measure): threshold band drawn iff there is a threshold")
        }
        for chart in page.reading.charts where chart.kind == "curve" && chart.svg {
            let yValue = Self.axis(chart.yTicks!), xValue = Self.axis(chart.xTicks!)
            let ySpan = abs(ShownNumber(chart.yTicks!.last!.text)!.value - ShownNumber(chart.yTicks!.first!.text)!.value)
            for mean in chart.means! {
                let vertices = mean.d.split(whereSeparator: { $0 == "M" || $0 == "L" }).map { pair in
                    pair.split(separator: " ").map { Double($0)! }
                }
                #expect(vertices.count == 101)
                for (i, vertex) in vertices.enumerated() {
                    #expect(abs(xValue(vertex[0]) - Double(i)) < 0.2)
                    let expected = ReportFixtures.curveMean(chart.measure, mean.side, i)
                    #expect(abs(yValue(vertex[1]) - expected) < 0.002 * ySpan, "\(chart.measure) \(mean.side) at \(i) %")
                }
            }
        }
    }

    @Test func strideTableSortsAndFilters() throws {
        let page = try ProbedPages.page("run-pathological")
        let tree = try ReportFixtures.tree(page.jsonData)
        let strides = tree["strides"] as! [[String: Any]]
        let drop = { (index: Int) -> Double in (strides.first { ($0["index"] as! NSNumber).intValue == index }!["pelvicDropDeg"] as! NSNumber).doubleValue }
        let sort = page.reading.sort
        #expect(sort.initial == strides.map { ($0["index"] as! NSNumber).intValue })
        let ascending = try #require(sort.ascending), descending = try #require(sort.descending)
        #expect(ascending.count == strides.count)
        #expect(zip(ascending, ascending.dropFirst()).allSatisfy { drop($0) <= drop($1) }, "ascending by pelvic drop")
        #expect(zip(descending, descending.dropFirst()).allSatisfy { drop($0) >= drop($1) }, "descending by pelvic drop")
        // The switch shows exactly the strides the JSON flags.
        let flagged = strides.filter { !($0["flags"] as! [String]).isEmpty }.map { ($0["index"] as! NSNumber).intValue }
        #expect(!flagged.isEmpty)
        #expect(Set(try #require(sort.flaggedShown)) == Set(flagged))
    }

    /// The harness itself: a page with a script error must be caught, or a green run proves nothing.
    @Test func harnessCatchesAScriptError() throws {
        let (reading, console) = try DOMProbe.open("<!DOCTYPE html><html><head></head><body><script>notDefinedAnywhere();</script></body></html>")
        #expect(!reading.errors.isEmpty)
        #expect(!console.isEmpty)
    }

    @Test func printsOnA4WithEachSectionOnItsOwnPage() throws {
        let document = try ReportReader.decode(ReportFixtures.data("run-pathological"), file: "run-pathological")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gait-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("report.html"), pdf = folder.appendingPathComponent("report.pdf")
        try Data(ReportPage.html(document).utf8).write(to: html)
        // The README's command.
        let run = try Chromium.run(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)"], page: html)
        #expect(run.status == 0)
        let data = try Data(contentsOf: pdf)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-"))
        // A4 is 595 × 842 points; header and findings, summary, pelvis, knee, foot, sensors,
        // strides: each section from its own page on, the stride table over several.
        let pages = text.components(separatedBy: "/Type /Page\n").count - 1 + text.components(separatedBy: "/Type /Page/").count - 1
            + text.components(separatedBy: "/Type /Page>").count - 1 + text.components(separatedBy: "/Type /Page ").count - 1
        #expect(pages >= 6, "\(pages) pages")
        #expect(text.contains("/MediaBox [0 0 595") || text.contains("/MediaBox [0 0 594"), "A4 pages")
    }
}
