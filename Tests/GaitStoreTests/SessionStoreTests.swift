import Foundation
import GRDB
import GaitCore
import GaitReports
import GaitStore
import Testing

/// Filing, listing, history and re-filing, each on a fresh in-memory database.
struct SessionStoreTests {
    static func store() throws -> GaitDatabase { try GaitDatabase(writer: DatabaseQueue()) }

    @Test func filesASessionAndListsIt() throws {
        // Given an empty store
        let store = try Self.store()
        #expect(try store.sessions().isEmpty)
        // When a report is filed
        let tree = try StoreFixtures.tree("run-pathological")
        try store.file(StoreFixtures.document(tree), athlete: "  Ana Ruiz ", recordedAt: StoreFixtures.date("2026-11-03"))
        // Then it is listed with its strides, under the trimmed name
        let sessions = try store.sessions()
        #expect(sessions.count == 1)
        let session = try #require(sessions.first)
        #expect(session.athlete == "Ana Ruiz" && session.reportSessionId == "run-pathological" && session.subjectId == "SIM-001")
        let strides = tree["strides"] as! [[String: Any]]
        #expect(session.leftStrides == strides.filter { $0["side"] as? String == "left" }.count)
        #expect(session.rightStrides == strides.filter { $0["side"] as? String == "right" }.count)
        #expect(session.cadenceStepsPerMin == ((tree["summary"] as! [String: Any])["cadenceStepsPerMin"] as! Double))
        #expect(session.recordedAt == StoreFixtures.date("2026-11-03"))
        #expect(try store.sessions(athlete: "Someone else").isEmpty)
    }

    @Test func historyAcrossThreeSessions() throws {
        let store = try Self.store()
        let first = try StoreFixtures.tree("run-pathological")
        let second = try StoreFixtures.tree("run-with-gaps")
        let third = StoreFixtures.retest(first, id: "week-3", lowerPelvicDropBy: 1.5)
        // Filed out of order: the history orders by the date recorded.
        try store.file(StoreFixtures.document(third), athlete: "Ana", recordedAt: StoreFixtures.date("2026-11-17"))
        try store.file(StoreFixtures.document(first), athlete: "Ana", recordedAt: StoreFixtures.date("2026-11-03"))
        try store.file(StoreFixtures.document(second), athlete: "Ana", recordedAt: StoreFixtures.date("2026-11-10"))
        try store.file(StoreFixtures.document(second), athlete: "Ben", recordedAt: StoreFixtures.date("2026-11-10"))

        let history = try store.history(athlete: "Ana")
        #expect(history.sessions.map(\.reportSessionId) == ["run-pathological", "run-with-gaps", "week-3"])
        let trees = [first, second, third]
        for measure in ReportMeasure.allCases {
            for side in Side.allCases {
                for (i, tree) in trees.enumerated() {
                    let expected = StoreFixtures.median(tree, measure.key, side.rawValue)
                    let stored = history.sessions[i].median(measure, side)
                    #expect(stored == expected || abs((stored ?? .nan) - (expected ?? .nan)) < 1e-12, "\(measure.key) \(side) session \(i)")
                    if let expected, let base = StoreFixtures.median(first, measure.key, side.rawValue) {
                        #expect(abs(history.change(measure, side, at: i)! - (expected - base)) < 1e-9)
                    }
                }
            }
        }
        // The retest lowered every pelvic drop by 1.5°: its medians moved by exactly that.
        #expect(abs(history.change(.pelvicDrop, .left, at: 2)! + 1.5) < 1e-9)
        #expect(abs(history.change(.pelvicDrop, .right, at: 2)! + 1.5) < 1e-9)

        // The page shows those numbers.
        let html = HistoryPage.html(history)
        let shown = Self.taggedNumbers(html)
        #expect(shown.count >= 3 * 5 * 2 * 2 - 10)
        for (tag, text) in shown {
            let parts = tag.split(separator: ":").map(String.init)
            let i = Int(parts[0])!
            if parts[1] == "cadence" { continue }
            let measure = ReportMeasure(rawValue: parts[1])!, side = Side(rawValue: parts[2])!
            let expected = parts[3] == "median" ? StoreFixtures.median(trees[i], measure.key, side.rawValue)!
                : StoreFixtures.median(trees[i], measure.key, side.rawValue)! - StoreFixtures.median(first, measure.key, side.rawValue)!
            let value = Double(text.replacingOccurrences(of: "−", with: "-").replacingOccurrences(of: "+", with: ""))!
            #expect(abs(value - expected) <= 0.5 * pow(10, -Double(measure.decimals)) + 1e-9, "\(tag): \(text) vs \(expected)")
        }
    }

    /// `data-history` tag → text shown.
    static func taggedNumbers(_ html: String) -> [(String, String)] {
        let pattern = try! NSRegularExpression(pattern: #"data-history="([^"]+)">([^<]*)<"#)
        let ns = html as NSString
        return pattern.matches(in: html, range: NSRange(location: 0, length: ns.length)).map {
            (ns.substring(with: $0.range(at: 1)), ns.substring(with: $0.range(at: 2)))
        }
    }

    @Test func refilingReplacesRatherThanDuplicates() throws {
        let store = try Self.store()
        let tree = try StoreFixtures.tree("run-pathological")
        try store.file(StoreFixtures.document(tree), athlete: "Ana", recordedAt: StoreFixtures.date("2026-11-03"))
        // A re-analysis of the same session, with lower values, filed again.
        let reanalysed = StoreFixtures.retest(tree, id: "run-pathological", lowerPelvicDropBy: 2)
        try store.file(StoreFixtures.document(reanalysed), athlete: "Ana", recordedAt: StoreFixtures.date("2026-11-04"))
        let sessions = try store.sessions()
        #expect(sessions.count == 1)
        #expect(sessions[0].leftStrides + sessions[0].rightStrides == (tree["strides"] as! [Any]).count)
        #expect(sessions[0].recordedAt == StoreFixtures.date("2026-11-04"))
        let history = try store.history(athlete: "Ana")
        #expect(history.sessions.count == 1)
        #expect(history.sessions[0].median(.pelvicDrop, .left) == StoreFixtures.median(reanalysed, "pelvicDropDeg", "left"))
    }

    @Test func badRequestsSayWhatToDo() throws {
        let store = try Self.store()
        let document = try StoreFixtures.document(StoreFixtures.tree("run-pathological"))
        #expect(throws: StoreError.self) { try store.file(document, athlete: "  ", recordedAt: Date()) }
        try store.file(document, athlete: "Ana", recordedAt: Date())
        do {
            _ = try store.history(athlete: "Anna")
            Issue.record("history of an athlete never filed")
        } catch let error as StoreError {
            #expect(error.kind == .badRequest)
            #expect(error.description.contains("\"Anna\"") && error.description.contains("athletes filed: Ana"))
        }
    }
}
