import GaitCore

/// One measure stride by stride over the session: left and right overlaid, each stride a mark at
/// its initial contact, the region at or over each side's threshold shaded, strides at or over it
/// emphasised.
struct StrideSeriesChart {
    var document: ReportDocument
    var measure: ReportMeasure

    func svg() -> String {
        let s = ChartStyle.self
        let strides = document.strides.filter { $0.value(measure) != nil }
        let limits = Side.allCases.compactMap { side in document.threshold(measure, side)?.value.map { (side: side, value: $0) } }
        let x = AxisScale(covering: [document.session.start, document.session.end] + strides.map(\.ic),
                          pixels: s.plotLeft...s.plotRight, targetTicks: 8)
        let y = AxisScale(covering: strides.compactMap { $0.value(measure) } + limits.map(\.value),
                          pixels: s.plotTop...s.plotBottom, reversed: true, targetTicks: 5, includeZero: true)
        var canvas = ChartCanvas(id: "series-\(measure.key)", title: "\(measure.words) per stride")
        canvas.axes(x: x, y: y, xTitle: "initial contact, time in session (s)", yTitle: "\(measure.words.lowercased()) (\(measure.unit))",
                    xLabel: { NumberText.fixed($0, x.tickDecimals) })

        // Threshold band(s): from the threshold to the top of the plot. One band when both
        // sides share the threshold; otherwise one per side in its colour, since a left stride
        // in the right side's band is not over its own threshold.
        let sharedLimit = limits.count == 2 && limits[0].value == limits[1].value
        for (i, limit) in limits.enumerated() where !(sharedLimit && i == 1) {
            let py = y.pixel(limit.value)
            let sideAttribute = sharedLimit ? "both" : limit.side.rawValue
            let fill = sharedLimit ? ChartStyle.bandFill : ChartStyle.color(limit.side)
            canvas.add("<rect class=\"threshold-band\" data-side=\"\(sideAttribute)\" x=\"\(NumberText.coordinate(s.plotLeft))\" y=\"\(NumberText.coordinate(s.plotTop))\" width=\"\(NumberText.coordinate(s.plotRight - s.plotLeft))\" height=\"\(NumberText.coordinate(max(0, py - s.plotTop)))\" fill=\"\(fill)\" fill-opacity=\"\(sharedLimit ? 0.6 : 0.1)\"/>")
            let stroke = sharedLimit ? ChartStyle.thresholdColor : ChartStyle.color(limit.side)
            canvas.add("<line class=\"threshold\" data-side=\"\(sideAttribute)\" x1=\"\(NumberText.coordinate(s.plotLeft))\" x2=\"\(NumberText.coordinate(s.plotRight))\" y1=\"\(NumberText.coordinate(py))\" y2=\"\(NumberText.coordinate(py))\" stroke=\"\(stroke)\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"/>")
        }

        for side in Side.allCases {
            let sideStrides = strides.filter { $0.side == side }
            let limit = document.threshold(measure, side)?.value
            let points = sideStrides.map { (x: x.pixel($0.ic), y: y.pixel($0.value(measure)!)) }
            if points.count > 1 {
                canvas.add("<path class=\"series-line\" data-side=\"\(side.rawValue)\" d=\"\(ChartCanvas.polyline(points))\" fill=\"none\" stroke=\"\(ChartStyle.color(side))\" stroke-width=\"1\" stroke-opacity=\"0.55\"\(ChartStyle.dash(side).map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
            }
            var marks = "<g class=\"series\" data-side=\"\(side.rawValue)\">"
            for (stride, point) in zip(sideStrides, points) {
                let over = limit.map { stride.value(measure)! >= $0 } ?? false
                marks += ChartCanvas.mark(side, x: point.x, y: point.y, classes: over ? "point over" : "point",
                                          attributes: "data-stride=\"\(stride.index)\"", emphasised: over)
            }
            canvas.add(marks + "</g>")
        }

        var legend: [(label: String, mark: ChartCanvas.LegendMark)] = [("left stance", .side(.left)), ("right stance", .side(.right))]
        if sharedLimit {
            legend.append(("at or over threshold \(NumberText.fixed(limits[0].value, measure.decimals))\(measure.unit)", .band))
        } else {
            for limit in limits {
                legend.append(("\(limit.side.rawValue) at or over \(NumberText.fixed(limit.value, measure.decimals))\(measure.unit)", .sideBand(limit.side)))
            }
        }
        canvas.legend(legend)
        let description = limits.isEmpty ? "no threshold for this measure" : "strides at or over the threshold are outlined in black"
        return canvas.svg(description: description)
    }
}
