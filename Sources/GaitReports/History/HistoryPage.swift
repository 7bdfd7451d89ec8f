import Foundation
import GaitCore

/// An athlete's sessions over weeks as one self-contained HTML page: per measure, each side's
/// session median over time and its change since the first session.
public enum HistoryPage {
    static func dateText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// A number of the history, tagged for tests: session index, measure, side, what it is.
    static func tagged(_ tag: String, _ value: Double?, decimals: Int, signed: Bool = false) -> String {
        "<span class=\"num\" data-history=\"\(Markup.escape(tag))\">\(NumberText.fixed(value, decimals, signed: signed))</span>"
    }

    public static func html(_ history: AthleteHistory) -> String {
        var body = "<header>\n<h1>Gait history: \(Markup.escape(history.athlete))</h1>\n"
        if let first = history.sessions.first, let last = history.sessions.last {
            body += "<p>\(history.sessions.count) session\(history.sessions.count == 1 ? "" : "s") from \(dateText(first.recordedAt)) to \(dateText(last.recordedAt)). Each value is the median over one session's strides; change is against the first session.</p>\n"
        }
        body += "<p class=\"disclaimer\">Changes between sessions smaller than the measurement error of IMU frontal-plane angles (between-day RMSE 0.7–5.0°, Front Bioeng Biotechnol 2022, doi:10.3389/fbioe.2022.1005496) may not be real. This page describes movement; it does not diagnose.</p>\n</header>\n"
        body += "<section id=\"sessions\"><h2>Sessions</h2><table><thead><tr><th>date</th><th>session</th><th class=\"num\">strides L / R</th><th class=\"num\">cadence (steps/min)</th></tr></thead><tbody>\n"
        for (i, session) in history.sessions.enumerated() {
            body += "<tr><td>\(dateText(session.recordedAt))</td><td>\(Markup.escape(session.reportSessionId))</td>"
            body += "<td class=\"num\">\(session.strides[.left] ?? 0) / \(session.strides[.right] ?? 0)</td>"
            body += "<td class=\"num\">" + tagged("\(i):cadence", session.cadenceStepsPerMin, decimals: 1) + "</td></tr>\n"
        }
        body += "</tbody></table></section>\n"
        for measure in ReportMeasure.allCases {
            let measured = history.sessions.contains { s in Side.allCases.contains { s.median(measure, $0) != nil } }
            body += "<section class=\"page\" id=\"h-\(measure.key)\"><h2>\(measure.words) (\(measure.unit))</h2>\n"
            body += "<figure class=\"chart\" data-chart=\"history\" data-measure=\"\(measure.key)\">\n"
            body += measured ? HistoryChart(history: history, measure: measure).svg()
                : "<p class=\"unavailable\">Not measured in any session.</p>"
            body += "\n<figcaption>Session medians of \(measure.words.lowercased()): left ● solid, right ◇ dashed.</figcaption></figure>\n"
            body += "<table><thead><tr><th>date</th><th class=\"num\">left median</th><th class=\"num\">change</th><th class=\"num\">right median</th><th class=\"num\">change</th></tr></thead><tbody>\n"
            for (i, session) in history.sessions.enumerated() {
                body += "<tr><td>\(dateText(session.recordedAt))</td>"
                for side in Side.allCases {
                    let tag = "\(i):\(measure.key):\(side.rawValue)"
                    body += "<td class=\"num\">" + tagged("\(tag):median", session.median(measure, side), decimals: measure.decimals) + "</td>"
                    body += "<td class=\"num\">" + (i == 0 ? "first" : tagged("\(tag):change", history.change(measure, side, at: i), decimals: measure.decimals, signed: true)) + "</td>"
                }
                body += "</tr>\n"
            }
            body += "</tbody></table></section>\n"
        }
        return HTMLDocument.page(title: "Gait history — \(history.athlete)", body: body)
    }
}
