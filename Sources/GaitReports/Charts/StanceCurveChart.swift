import GaitCore

/// Mean ± SD of one angle over normalised stance (0 % initial contact, 100 % toe-off), left and
/// right overlaid: the shape of the movement, where the per-stride charts show only its peak.
struct StanceCurveChart {
    var measure: StanceCurveMeasure
    var curves: [StanceCurve]

    func svg() -> String {
        let s = ChartStyle.self
        let x = AxisScale(covering: [0, 100], pixels: s.plotLeft...s.plotRight, targetTicks: 10)
        let extremes = curves.flatMap { curve in zip(curve.meanDeg, curve.sdDeg).flatMap { [$0 - $1, $0 + $1] } }
        let y = AxisScale(covering: extremes, pixels: s.plotTop...s.plotBottom, reversed: true, targetTicks: 5, includeZero: true)
        var canvas = ChartCanvas(id: "curve-\(measure.rawValue)", title: "\(measure.words) over stance")
        canvas.axes(x: x, y: y, xTitle: "stance (%; 0 = initial contact, 100 = toe-off)", yTitle: "\(measure.words.lowercased()) (°)",
                    xLabel: { NumberText.fixed($0, 0) })
        for curve in curves {
            let color = ChartStyle.color(curve.side)
            let xs = (0..<StanceCurve.pointsPerCurve).map { x.pixel(StanceCurve.percentStance($0)) }
            let upper = zip(xs, zip(curve.meanDeg, curve.sdDeg)).map { (x: $0, y: y.pixel($1.0 + $1.1)) }
            let lower = zip(xs, zip(curve.meanDeg, curve.sdDeg)).map { (x: $0, y: y.pixel($1.0 - $1.1)) }
            canvas.add("<path class=\"sd-band\" data-side=\"\(curve.side.rawValue)\" d=\"\(ChartCanvas.polyline(upper + lower.reversed()))Z\" fill=\"\(color)\" fill-opacity=\"0.18\" stroke=\"none\"/>")
            let mean = zip(xs, curve.meanDeg).map { (x: $0, y: y.pixel($1)) }
            canvas.add("<path class=\"mean\" data-side=\"\(curve.side.rawValue)\" d=\"\(ChartCanvas.polyline(mean))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"\(ChartStyle.dash(curve.side).map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
        }
        canvas.legend(curves.map { ("\($0.side.rawValue) mean ± SD (\($0.strides) stances)", .side($0.side)) })
        return canvas.svg(description: "mean with a band of one standard deviation either side")
    }
}
