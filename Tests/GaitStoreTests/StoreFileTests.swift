import Foundation
import GRDB
import GaitReports
import GaitStore
import Testing

/// The store on disk: where it goes, who may read it, and opening a file an older gait wrote.
struct StoreFileTests {
    @Test func createdReadableByOwnerOnly() throws {
        let folder = try StoreFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("new/gait/sessions.sqlite").path
        let store = try GaitDatabase(path: path)
        try store.file(StoreFixtures.document(StoreFixtures.tree("run-pathological")), athlete: "Ana", recordedAt: Date())
        let file = try FileManager.default.attributesOfItem(atPath: path)
        #expect((file[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let parent = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("new/gait").path)
        #expect((parent[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        // Opened again, it holds what was filed.
        #expect(try GaitDatabase(path: path).sessions().count == 1)
    }

    @Test func locationFromOptionEnvironmentOrXDG() {
        #expect(DatabaseLocation.resolve(option: "/a/b.sqlite", environment: ["GAIT_DATABASE": "/c.sqlite"]) == "/a/b.sqlite")
        #expect(DatabaseLocation.resolve(option: nil, environment: ["GAIT_DATABASE": "/c.sqlite", "HOME": "/home/x"]) == "/c.sqlite")
        #expect(DatabaseLocation.resolve(option: nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/x"]) == "/data/gait/sessions.sqlite")
        #expect(DatabaseLocation.resolve(option: nil, environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/x"]) == "/home/x/.local/share/gait/sessions.sqlite")
        #expect(DatabaseLocation.resolve(option: nil, environment: ["HOME": "/home/x"]) == "/home/x/.local/share/gait/sessions.sqlite")
    }

    @Test func migratesADatabaseWrittenBySchemaV1() throws {
        let folder = try StoreFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.sqlite").path
        // Given a database as gait with schema v1 left it, written by hand: v1's tables, one
        // session with two strides, and GRDB's record that v1 was applied.
        do {
            let old = try DatabaseQueue(path: path)
            try old.write { db in
                try db.execute(sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1');
                    CREATE TABLE session (id INTEGER PRIMARY KEY AUTOINCREMENT, athlete TEXT NOT NULL,
                        reportSessionId TEXT NOT NULL, subjectId TEXT, activity TEXT, recordedAt DATETIME NOT NULL,
                        filedAt DATETIME NOT NULL, startS DOUBLE NOT NULL, endS DOUBLE NOT NULL, UNIQUE (athlete, reportSessionId));
                    CREATE TABLE stride (sessionId INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                        strideIndex INTEGER NOT NULL, side TEXT NOT NULL CHECK (side IN ('left', 'right')), ic DOUBLE NOT NULL,
                        "to" DOUBLE NOT NULL, nextIc DOUBLE, eventSource TEXT NOT NULL, stanceS DOUBLE NOT NULL, strideS DOUBLE,
                        pelvicDropDeg DOUBLE, kneeValgusDeg DOUBLE, pronationDeg DOUBLE, peakEversionDeg DOUBLE,
                        eversionVelocityDegPerS DOUBLE, flags TEXT NOT NULL, PRIMARY KEY (sessionId, strideIndex));
                    INSERT INTO session VALUES (1, 'Ana', 'baseline', 'R-017', 'treadmill-run', '2026-10-27 09:00:00.000',
                        '2026-10-27 10:00:00.000', 0.0, 600.0);
                    INSERT INTO stride VALUES (1, 0, 'left', 12.3, 12.5, 13.0, 'insole', 0.2, 0.7, 6.0, 3.0, 8.0, 6.5, 410.0, 'pelvicDrop');
                    INSERT INTO stride VALUES (1, 1, 'right', 12.65, 12.85, 13.35, 'insole', 0.2, 0.7, 7.0, 2.0, 9.0, 7.5, 430.0, '');
                    """)
            }
        }
        // When today's gait opens it
        let store = try GaitDatabase(path: path)
        // Then it is migrated to the newest schema and keeps what v1 filed
        #expect(try store.appliedMigrations() == ["v1", "v2"])
        let sessions = try store.sessions()
        #expect(sessions.count == 1)
        #expect(sessions[0].reportSessionId == "baseline" && sessions[0].leftStrides == 1 && sessions[0].rightStrides == 1)
        #expect(sessions[0].cadenceStepsPerMin == nil && sessions[0].partial == false)
        #expect(sessions[0].recordedAt == StoreFixtures.date("2026-10-27"))
        // and new sessions file beside the old one, into one history.
        try store.file(StoreFixtures.document(StoreFixtures.tree("run-pathological")), athlete: "Ana", recordedAt: StoreFixtures.date("2026-11-03"))
        let history = try store.history(athlete: "Ana")
        #expect(history.sessions.map(\.reportSessionId) == ["baseline", "run-pathological"])
        #expect(history.sessions[0].median(.pelvicDrop, .left) == 6.0)
        #expect(history.sessions[0].median(.eversionVelocity, .right) == 430.0)
    }

    @Test func aFileThatIsNotAStoreIsRefused() throws {
        let folder = try StoreFixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("notes.sqlite").path
        try Data("session notes, not a database\n".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try GaitDatabase(path: path)
            Issue.record("opened a text file as a store")
        } catch let error as StoreError {
            #expect(error.kind == .unreadable && error.description.hasPrefix(path))
        }
    }
}
