import ArgumentParser
import Foundation
import GaitReports
import GaitStore

/// `--database PATH`, shared by every command that uses the session store.
struct DatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The session store (SQLite). Default: $\(DatabaseLocation.environmentVariable), else $XDG_DATA_HOME/gait/sessions.sqlite, else ~/.local/share/gait/sessions.sqlite.",
        valueName: "path"))
    var database: String?

    var path: String { DatabaseLocation.resolve(option: database) }

    /// Opens the store; exits 73 when it cannot be created, 65 when the file is not a store.
    func open(command: String) throws -> GaitDatabase {
        do {
            return try GaitDatabase(path: path)
        } catch let error as StoreError {
            throw StoreFailure.exit(error, command: command)
        }
    }
}

/// Turns a store error into the message and exit status of a command.
enum StoreFailure {
    static func exit(_ error: any Error, command: String) -> ExitCode {
        FileHandle.standardError.write(Data("gait \(command): \(error)\n".utf8))
        guard let error = error as? StoreError else { return ExitCode(73) }
        switch error.kind {
        case .cannotWrite: return ExitCode(73)    // EX_CANTCREAT
        case .unreadable, .badRequest: return ExitCode(65)    // EX_DATAERR
        }
    }
}

/// A date given on the command line: `2026-11-24` (midnight UTC) or ISO 8601 date and time.
struct RecordedDate: ExpressibleByArgument {
    var date: Date

    init?(argument: String) {
        let full = ISO8601DateFormatter()
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        guard let date = full.date(from: argument) ?? day.date(from: argument) else { return nil }
        self.date = date
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

/// `--athlete NAME [--recorded-at DATE] [--database PATH]`: file the report's session in the store.
struct FilingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("File the session and its strides in the session store under this athlete. Filing the same session (same session id) again replaces it.",
                               valueName: "name"))
    var athlete: String?

    @Option(name: .customLong("recorded-at"),
            help: ArgumentHelp("When the session was recorded, for the history (YYYY-MM-DD or ISO 8601). Default: now.", valueName: "date"))
    var recordedAt: RecordedDate?

    @OptionGroup var store: DatabaseOptions

    func validate() throws {
        if let athlete, athlete.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--athlete needs a name.")
        }
        if athlete == nil, recordedAt != nil {
            throw ValidationError("--recorded-at is for filing: give --athlete NAME too.")
        }
    }

    /// Files the session when --athlete was given.
    func fileIfAsked(_ document: ReportDocument, command: String) throws {
        guard let athlete else { return }
        let database = try store.open(command: command)
        do {
            try database.file(document, athlete: athlete, recordedAt: recordedAt?.date ?? Date())
        } catch {
            throw StoreFailure.exit(error, command: command)
        }
        print("Filed session \(document.session.id) for \(athlete) in \(database.path)")
    }
}
