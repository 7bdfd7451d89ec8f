import ArgumentParser
import Foundation
import GaitStore

extension Gait {
    /// `gait sessions`: what the session store holds.
    struct Sessions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the sessions filed in the session store (by athlete, then date).")

        @Option(help: ArgumentHelp("List only this athlete's sessions.", valueName: "name"))
        var athlete: String?

        @OptionGroup var store: DatabaseOptions

        func run() throws {
            let database = try store.open(command: "sessions")
            let sessions: [FiledSession]
            do {
                sessions = try database.sessions(athlete: athlete)
            } catch {
                throw StoreFailure.exit(error, command: "sessions")
            }
            print(SessionsText.render(sessions, database: database.path), terminator: "")
        }
    }
}

/// The listing as plain text.
enum SessionsText {
    static func render(_ sessions: [FiledSession], database: String) -> String {
        guard !sessions.isEmpty else {
            return "No sessions filed in \(database). File one with `gait analyze SESSION --athlete NAME`.\n"
        }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        var lines = ["athlete               recorded     session                    subject     strides L/R   cadence"]
        for s in sessions {
            let cadence = s.cadenceStepsPerMin.map { String(format: "%7.1f", $0) } ?? "      –"
            lines.append(s.athlete.padded(22) + day.string(from: s.recordedAt).padded(13) + s.reportSessionId.padded(27)
                + (s.subjectId ?? "–").padded(12) + "\(s.leftStrides)/\(s.rightStrides)".padded(14) + cadence
                + (s.partial ? "  partial" : ""))
        }
        lines.append("\(sessions.count) session\(sessions.count == 1 ? "" : "s") in \(database)")
        return lines.joined(separator: "\n") + "\n"
    }
}
