import ArgumentParser
import Foundation
import GaitReports
import GaitStore

extension Gait {
    /// `gait history ATHLETE --html FILE`: an athlete's sessions over weeks.
    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an athlete's sessions over time: each measure's per-side median per session and its change since the first.",
            discussion: "Writes one self-contained HTML page. Exits 65 when the athlete has no filed session, 73 when the page cannot be written.")

        @Argument(help: ArgumentHelp("The athlete, as filed with --athlete.", valueName: "athlete"))
        var athlete: String

        @Option(help: ArgumentHelp("Write the history page here.", valueName: "file"))
        var html: String

        @OptionGroup var store: DatabaseOptions

        func run() throws {
            let database = try store.open(command: "history")
            let history: AthleteHistory
            do {
                history = try database.history(athlete: athlete)
            } catch {
                throw StoreFailure.exit(error, command: "history")
            }
            do {
                try ReportFiles.write(HistoryPage.html(history), to: html)
            } catch {
                FileHandle.standardError.write(Data("gait history: \(error)\n".utf8))
                throw ExitCode(73)
            }
            print("Written: \(html) (\(history.sessions.count) sessions of \(history.athlete))")
        }
    }
}
