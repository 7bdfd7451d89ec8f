import Foundation
import GaitCore

/// One measure's per-side session medians over time: x in days since the first session (hours
/// when all sessions fall within two days, as on a day of repeated trials), one mark per session
/// and side, joined per side.
struct HistoryChart {
    var history: AthleteHistory
    var measure: ReportMeasure

    static func days(_ date: Date, since first: Date) -> Double { date.timeIntervalSince(first) / 86_400 }

    func svg() -> String {
        let s = ChartStyle.self
        let first = history.sessions.first!.recordedAt
        let elapsedDays = history.sessions.map { Self.days($0.recordedAt, since: first) }
        let inHours = (elapsedDays.max() ?? 0) < 2
        let days = inHours ? elapsedDays.map { $0 * 24 } : elapsedDays
        let values = history.sessions.flatMap { session in Side.allCases.compactMap { session.median(measure, $0) } }
        let x = AxisScale(covering: days + [0], pixels: s.plotLeft...s.plotRight, targetTicks: 8)
        let y = AxisScale(covering: values, pixels: s.plotTop...s.plotBottom, reversed: true, targetTicks: 5, includeZero: true)
        var canvas = ChartCanvas(id: "history-\(measure.key)", title: "\(measure.words): session medians over time")
        canvas.axes(x: x, y: y, xTitle: "\(inHours ? "hours" : "days") since the first session (\(HistoryPage.dateText(first)))",
                    yTitle: "median \(measure.words.lowercased()) (\(measure.unit))", xLabel: { NumberText.fixed($0, x.tickDecimals) })
        for side in Side.allCases {
            let points = history.sessions.enumerated().compactMap { i, session in
                session.median(measure, side).map { (session: i, x: x.pixel(days[i]), y: y.pixel($0)) }
            }
            if points.count > 1 {
                canvas.add("<path class=\"series-line\" data-side=\"\(side.rawValue)\" d=\"\(ChartCanvas.polyline(points.map { (x: $0.x, y: $0.y) }))\" fill=\"none\" stroke=\"\(ChartStyle.color(side))\" stroke-width=\"1.5\"\(ChartStyle.dash(side).map { " stroke-dasharray=\"\($0)\"" } ?? "")/>")
            }
            canvas.add("<g class=\"series\" data-side=\"\(side.rawValue)\">" + points.map {
                ChartCanvas.mark(side, x: $0.x, y: $0.y, classes: "point", attributes: "data-session=\"\($0.session)\"")
            }.joined() + "</g>")
        }
        canvas.legend([("left stance, median", .side(.left)), ("right stance, median", .side(.right))])
        return canvas.svg(description: "one mark per session and side")
    }
}
