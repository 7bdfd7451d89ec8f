import Foundation
import GRDB
import GaitCore
import GaitReports

extension GaitDatabase {
    /// An athlete's sessions over time, with each measure's per-side median per session.
    /// Throws when the athlete has no filed session (a misspelt name should not look like an
    /// athlete without data).
    public func history(athlete: String) throws -> AthleteHistory {
        let name = athlete.trimmingCharacters(in: .whitespacesAndNewlines)
        return try writer.read { db in
            let sessionRows = try Row.fetchAll(db, sql: "SELECT * FROM session WHERE athlete = ? ORDER BY recordedAt, id", arguments: [name])
            guard !sessionRows.isEmpty else {
                let known = try String.fetchAll(db, sql: "SELECT DISTINCT athlete FROM session ORDER BY athlete")
                throw StoreError(.badRequest, database: path, problem: "no session is filed for the athlete \"\(name)\"",
                                 remedy: known.isEmpty ? "file one with `gait analyze SESSION --athlete \"\(name)\"`"
                                     : "athletes filed: \(known.joined(separator: ", ")); `gait sessions` lists every session")
            }
            var sessions: [AthleteHistory.Session] = []
            for sessionRow in sessionRows {
                let sessionId: Int64 = sessionRow["id"]
                let strides = try Row.fetchAll(db, sql: "SELECT * FROM stride WHERE sessionId = ?", arguments: [sessionId])
                var counts: [Side: Int] = [:]
                var medians: [String: [Side: Double]] = [:]
                for side in Side.allCases {
                    let sideRows = strides.filter { $0["side"] == side.rawValue }
                    counts[side] = sideRows.count
                    for measure in ReportMeasure.allCases {
                        if let median = Median.of(sideRows.compactMap { $0[measure.key] as Double? }) {
                            medians[measure.key, default: [:]][side] = median
                        }
                    }
                }
                sessions.append(AthleteHistory.Session(
                    reportSessionId: sessionRow["reportSessionId"], recordedAt: sessionRow["recordedAt"], strides: counts,
                    medians: medians, cadenceStepsPerMin: sessionRow["cadenceStepsPerMin"]))
            }
            return AthleteHistory(athlete: name, sessions: sessions)
        }
    }
}
