import Foundation
import GRDB
import GaitReports

extension GaitDatabase {
    /// Files a report's session and its strides under an athlete. A session is identified by
    /// athlete and the report's `session.id`: filing it again (a re-analysis) replaces the
    /// earlier filing and its strides instead of adding a second copy.
    /// - Returns: the session's row id.
    @discardableResult
    public func file(_ document: ReportDocument, athlete: String, recordedAt: Date, filedAt: Date = Date()) throws -> Int64 {
        let name = athlete.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw StoreError(.badRequest, database: path, problem: "the athlete's name is empty", remedy: "give --athlete NAME")
        }
        return try writer.write { db in
            // The strides go with it: ON DELETE CASCADE (GRDB turns foreign keys on).
            try db.execute(sql: "DELETE FROM session WHERE athlete = ? AND reportSessionId = ?",
                           arguments: [name, document.session.id])
            try db.execute(sql: """
                INSERT INTO session (athlete, reportSessionId, subjectId, activity, recordedAt, filedAt, startS, endS,
                                     cadenceStepsPerMin, partial, generatorVersion)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [name, document.session.id, document.session.subject?.id, document.session.activity,
                                 recordedAt, filedAt, document.session.start, document.session.end,
                                 document.summary.cadenceStepsPerMin, document.partial, document.generator.version])
            let sessionId = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: """
                INSERT INTO stride (sessionId, strideIndex, side, ic, "to", nextIc, eventSource, stanceS, strideS,
                                    pelvicDropDeg, kneeValgusDeg, pronationDeg, peakEversionDeg, eversionVelocityDegPerS, flags)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for s in document.strides {
                var arguments: StatementArguments = [sessionId, s.index, s.side.rawValue, s.ic, s.to, s.nextIc, s.eventSource, s.stanceS, s.strideS]
                arguments += StatementArguments(ReportMeasure.allCases.map { s.value($0) })
                arguments += [s.flags.joined(separator: ";")]
                try insert.execute(arguments: arguments)
            }
            return sessionId
        }
    }
}
