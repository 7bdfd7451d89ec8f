import Foundation
import GaitCore
import GaitReports
import Testing

/// The history page in headless Chromium: one chart per measure, a mark per session and side
/// drawn at that session's median, no script error.
@Suite(.serialized) struct HistoryInChromiumTests {
    static let days = [0.0, 7, 21]

    static func history() -> AthleteHistory {
        let first = ISO8601DateFormatter().date(from: "2026-11-03T09:00:00Z")!
        let sessions = days.enumerated().map { i, day in
            var medians: [String: [Side: Double]] = [:]
            for (m, measure) in ReportMeasure.allCases.enumerated() {
                let scale = measure == .eversionVelocity ? 40.0 : 1.0
                medians[measure.key] = [.left: scale * (4 + Double(m) - 0.5 * Double(i)), .right: scale * (6 + Double(m) - 1.2 * Double(i))]
            }
            return AthleteHistory.Session(reportSessionId: "week-\(i)", recordedAt: first.addingTimeInterval(day * 86_400),
                                          strides: [.left: 29, .right: 29], medians: medians, cadenceStepsPerMin: 170 + Double(i))
        }
        return AthleteHistory(athlete: "Ana <Ruiz>", sessions: sessions)
    }

    @Test func everyMeasureChartedAtItsMedians() throws {
        let history = Self.history()
        let (reading, console) = try DOMProbe.open(HistoryPage.html(history))
        #expect(reading.errors.isEmpty && console.isEmpty, "\(reading.errors) \(console)")
        #expect(reading.charts.map(\.measure) == ReportMeasure.allCases.map(\.key))
        for chart in reading.charts {
            #expect(chart.svg && (chart.yTicks?.count ?? 0) >= 3 && (chart.xTicks?.count ?? 0) >= 3 && chart.legend?.count == 2)
            #expect(chart.xTitle?.contains("days since the first session (2026-11-03)") == true)
            let measure = ReportMeasure(rawValue: chart.measure)!
            let yValue = HTMLInChromiumTests.axis(chart.yTicks!), xValue = HTMLInChromiumTests.axis(chart.xTicks!)
            let ySpan = abs(ShownNumber(chart.yTicks!.last!.text)!.value - ShownNumber(chart.yTicks!.first!.text)!.value)
            #expect(chart.points?.count == 6)
            for point in chart.points! {
                let side = Side(rawValue: point.side)!
                let expected = history.sessions[point.stride].median(measure, side)!
                #expect(abs(yValue(point.y) - expected) < 0.002 * ySpan, "\(measure.key) \(side) session \(point.stride)")
                #expect(abs(xValue(point.x) - Self.days[point.stride]) < 0.05)
            }
        }
    }
}
