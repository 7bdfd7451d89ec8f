import GaitCore

/// An SVG chart being drawn: plot area, axes with ticks and units, legend, data marks. Elements
/// carry classes (`tick`, `point`, `mean`, `threshold`) so that a test can find them in the DOM
/// and read the drawn geometry back against the axes.
struct ChartCanvas {
    var id: String
    var title: String
    private(set) var body = ""

    init(id: String, title: String) {
        self.id = id
        self.title = title
    }

    private static func c(_ x: Double) -> String { NumberText.coordinate(x) }

    mutating func add(_ element: String) { body += element + "\n" }

    /// Grid, axes, tick marks and labels, and axis titles with units.
    mutating func axes(x: AxisScale, y: AxisScale, xTitle: String, yTitle: String, xLabel: (Double) -> String) {
        let s = ChartStyle.self
        var g = "<g class=\"axis-y\">"
        for tick in y.ticks {
            let py = y.pixel(tick)
            g += "<g class=\"tick\"><line x1=\"\(Self.c(s.plotLeft))\" x2=\"\(Self.c(s.plotRight))\" y1=\"\(Self.c(py))\" y2=\"\(Self.c(py))\" stroke=\"\(s.gridColor)\" stroke-width=\"0.6\"/>"
            g += "<text x=\"\(Self.c(s.plotLeft - 6))\" y=\"\(Self.c(py + 3.5))\" text-anchor=\"end\">\(NumberText.fixed(tick, y.tickDecimals))</text></g>"
        }
        g += "<text class=\"axis-title\" transform=\"translate(14 \(Self.c((s.plotTop + s.plotBottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(Markup.escape(yTitle))</text></g>"
        add(g)
        g = "<g class=\"axis-x\">"
        for tick in x.ticks {
            let px = x.pixel(tick)
            g += "<g class=\"tick\"><line x1=\"\(Self.c(px))\" x2=\"\(Self.c(px))\" y1=\"\(Self.c(s.plotBottom))\" y2=\"\(Self.c(s.plotBottom + 5))\" stroke=\"\(s.axisColor)\"/>"
            g += "<text x=\"\(Self.c(px))\" y=\"\(Self.c(s.plotBottom + 17))\" text-anchor=\"middle\">\(Markup.escape(xLabel(tick)))</text></g>"
        }
        g += "<text class=\"axis-title\" x=\"\(Self.c((s.plotLeft + s.plotRight) / 2))\" y=\"\(Self.c(s.height - 8))\" text-anchor=\"middle\">\(Markup.escape(xTitle))</text></g>"
        add(g)
        add("<rect class=\"frame\" x=\"\(Self.c(s.plotLeft))\" y=\"\(Self.c(s.plotTop))\" width=\"\(Self.c(s.plotRight - s.plotLeft))\" height=\"\(Self.c(s.plotBottom - s.plotTop))\" fill=\"none\" stroke=\"\(s.axisColor)\" stroke-width=\"0.8\"/>")
    }

    enum LegendMark { case side(Side), band, sideBand(Side) }

    /// A legend across the top, above the plot area.
    mutating func legend(_ entries: [(label: String, mark: LegendMark)]) {
        var x = ChartStyle.plotLeft
        var g = "<g class=\"legend\">"
        for entry in entries {
            g += "<g class=\"legend-entry\">"
            switch entry.mark {
            case let .side(side):
                g += "<line x1=\"\(Self.c(x))\" x2=\"\(Self.c(x + 22))\" y1=\"14\" y2=\"14\" stroke=\"\(ChartStyle.color(side))\" stroke-width=\"2\"\(ChartStyle.dash(side).map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
                g += Self.mark(side, x: x + 11, y: 14, classes: "legend-mark")
            case .band:
                g += "<rect x=\"\(Self.c(x))\" y=\"8\" width=\"22\" height=\"12\" fill=\"\(ChartStyle.bandFill)\"/>"
            case let .sideBand(side):
                g += "<rect x=\"\(Self.c(x))\" y=\"8\" width=\"22\" height=\"12\" fill=\"\(ChartStyle.color(side))\" fill-opacity=\"0.1\"/>"
                g += "<line x1=\"\(Self.c(x))\" x2=\"\(Self.c(x + 22))\" y1=\"20\" y2=\"20\" stroke=\"\(ChartStyle.color(side))\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>"
            }
            g += "<text x=\"\(Self.c(x + 28))\" y=\"18\">\(Markup.escape(entry.label))</text></g>"
            // No text measurement in a static SVG: 6.2 units a character is an 11-unit sans
            // serif's average advance, with room to spare.
            x += 40 + Double(entry.label.count) * 6.2
        }
        add(g + "</g>")
    }

    /// A data mark: a filled circle for left, an open diamond for right.
    static func mark(_ side: Side, x: Double, y: Double, classes: String, attributes: String = "", emphasised: Bool = false) -> String {
        let color = ChartStyle.color(side)
        let r = emphasised ? 4.2 : 3.0
        let outline = emphasised ? " stroke=\"#000\" stroke-width=\"1.4\"" : ""
        switch side {
        case .left:
            return "<circle class=\"\(classes)\" \(attributes) cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"\(c(r))\" fill=\"\(color)\"\(outline)/>"
        case .right:
            let d = r * 1.3
            let stroke = emphasised ? "#000" : color
            return "<path class=\"\(classes)\" \(attributes) d=\"M\(c(x)) \(c(y - d))L\(c(x + d)) \(c(y))L\(c(x)) \(c(y + d))L\(c(x - d)) \(c(y))Z\" fill=\"#fff\" stroke=\"\(stroke)\" stroke-width=\"\(emphasised ? 1.8 : 1.4)\"/>"
        }
    }

    /// A polyline through points, drawn as a path (`M x y L x y …`).
    static func polyline(_ points: [(x: Double, y: Double)]) -> String {
        points.enumerated().map { i, p in (i == 0 ? "M" : "L") + c(p.x) + " " + c(p.y) }.joined()
    }

    func svg(description: String) -> String {
        """
        <svg class="chart-svg" id="\(Markup.escape(id))" viewBox="0 0 \(Int(ChartStyle.width)) \(Int(ChartStyle.height))" role="img" aria-labelledby="\(Markup.escape(id))-title" xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="11">
        <title id="\(Markup.escape(id))-title">\(Markup.escape(title)): \(Markup.escape(description))</title>
        \(body)</svg>
        """
    }
}
