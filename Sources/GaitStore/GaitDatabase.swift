import Foundation
import GRDB

/// The session store: every filed session of every athlete and its strides, in one SQLite file.
/// Opening migrates the schema to the newest version (`StoreMigrations`); a file that does not
/// exist yet is created readable and writable by its owner only (0600), in a folder only the
/// owner can enter — it holds health data.
public struct GaitDatabase: Sendable {
    let writer: any DatabaseWriter
    /// The file, or `:memory:`; for messages.
    public let path: String

    /// Wraps an open database (tests give an in-memory `DatabaseQueue`) and migrates it.
    public init(writer: any DatabaseWriter, path: String = ":memory:") throws {
        self.writer = writer
        self.path = path
        do {
            try StoreMigrations.migrator.migrate(writer)
        } catch {
            throw StoreError(.unreadable, database: path, problem: "cannot bring the database up to date (\(error))",
                             remedy: "if a newer gait wrote it, use that version; otherwise restore it from a backup")
        }
    }

    /// Opens (creating if needed) the database file at `path`.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path)
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
            if !fileManager.fileExists(atPath: path) {
                // Created here, before SQLite opens it, so that it never exists with wider
                // permissions; SQLite gives its journal the database file's permissions.
                guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw CocoaError(.fileWriteNoPermission)
                }
            }
        } catch {
            throw StoreError(.cannotWrite, database: path, problem: "cannot create the database file (\(error.localizedDescription))",
                             remedy: "choose a place you can write to with --database PATH or $\(DatabaseLocation.environmentVariable)")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path)
        } catch {
            throw StoreError(.unreadable, database: path, problem: "cannot be opened as an SQLite database (\(error))",
                             remedy: "give the path of a gait session store, or a new file name to start one")
        }
        try self.init(writer: queue, path: path)
    }

    /// The migrations applied, in order (for tests and `gait sessions --verbose` style checks).
    public func appliedMigrations() throws -> [String] {
        try writer.read { try StoreMigrations.migrator.appliedMigrations($0) }
    }
}
