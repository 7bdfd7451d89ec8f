import Foundation
import GRDB

/// A filed session as `gait sessions` lists it.
public struct FiledSession: Sendable, Equatable {
    public var id: Int64
    public var athlete: String
    public var reportSessionId: String
    public var subjectId: String?
    public var activity: String?
    public var recordedAt: Date
    public var filedAt: Date
    public var leftStrides: Int
    public var rightStrides: Int
    /// nil for sessions filed before schema v2, and when the report had none.
    public var cadenceStepsPerMin: Double?
    public var partial: Bool
}

extension GaitDatabase {
    /// Every filed session, or one athlete's, by athlete and then date.
    public func sessions(athlete: String? = nil) throws -> [FiledSession] {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.*,
                       (SELECT COUNT(*) FROM stride WHERE sessionId = s.id AND side = 'left') AS leftStrides,
                       (SELECT COUNT(*) FROM stride WHERE sessionId = s.id AND side = 'right') AS rightStrides
                FROM session s
                WHERE ?1 IS NULL OR s.athlete = ?1
                ORDER BY s.athlete, s.recordedAt, s.id
                """, arguments: [athlete?.trimmingCharacters(in: .whitespacesAndNewlines)])
            return rows.map { row in
                FiledSession(id: row["id"], athlete: row["athlete"], reportSessionId: row["reportSessionId"],
                             subjectId: row["subjectId"], activity: row["activity"], recordedAt: row["recordedAt"],
                             filedAt: row["filedAt"], leftStrides: row["leftStrides"], rightStrides: row["rightStrides"],
                             cadenceStepsPerMin: row["cadenceStepsPerMin"], partial: row["partial"])
            }
        }
    }
}
