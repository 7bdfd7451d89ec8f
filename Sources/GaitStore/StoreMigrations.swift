import GRDB

/// The store's schema, one migration per version. A migration that has shipped is never edited
/// (a database filed with it must still open): a change is a new migration appended here.
/// Migrations use SQL and string names only, never application types, so that they mean
/// the same thing forever.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // v1: one row per filed session, one per stride, as report-json.md names them.
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE session (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    athlete TEXT NOT NULL,
                    reportSessionId TEXT NOT NULL,
                    subjectId TEXT,
                    activity TEXT,
                    recordedAt DATETIME NOT NULL,
                    filedAt DATETIME NOT NULL,
                    startS DOUBLE NOT NULL,
                    endS DOUBLE NOT NULL,
                    UNIQUE (athlete, reportSessionId)
                );
                CREATE TABLE stride (
                    sessionId INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                    strideIndex INTEGER NOT NULL,
                    side TEXT NOT NULL CHECK (side IN ('left', 'right')),
                    ic DOUBLE NOT NULL,
                    "to" DOUBLE NOT NULL,
                    nextIc DOUBLE,
                    eventSource TEXT NOT NULL,
                    stanceS DOUBLE NOT NULL,
                    strideS DOUBLE,
                    pelvicDropDeg DOUBLE,
                    kneeValgusDeg DOUBLE,
                    pronationDeg DOUBLE,
                    peakEversionDeg DOUBLE,
                    eversionVelocityDegPerS DOUBLE,
                    flags TEXT NOT NULL,
                    PRIMARY KEY (sessionId, strideIndex)
                );
                """)
        }
        // v2: what the listing and the history need without reading every stride: cadence,
        // whether the report was partial, which gait wrote it; indexes for per-athlete queries.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                ALTER TABLE session ADD COLUMN cadenceStepsPerMin DOUBLE;
                ALTER TABLE session ADD COLUMN partial BOOLEAN NOT NULL DEFAULT 0;
                ALTER TABLE session ADD COLUMN generatorVersion TEXT;
                CREATE INDEX session_by_athlete ON session(athlete, recordedAt);
                CREATE INDEX stride_by_session_side ON stride(sessionId, side);
                """)
        }
        return migrator
    }
}
