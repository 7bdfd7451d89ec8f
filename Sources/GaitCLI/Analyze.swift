import ArgumentParser
import Foundation
import GaitAnalysis
import GaitCore
import GaitReports
import GaitSessionFiles

extension Gait {
    /// `gait analyze`: measure every footstrike of a session.
    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure pelvic drop, knee valgus and pronation for every footstrike of a session.",
            discussion: """
                Prints one line per footstrike and a summary per side; with --json writes the \
                gait-report/1 report, with --html a printable report and with --csv one row per \
                stride (both views of that JSON); with --athlete files the session in the session \
                store. Exits with status 65 and a message naming the file, line and problem when \
                the session cannot be read, 73 when an output cannot be written.
                """)

        @Argument(help: ArgumentHelp("The session folder (session.json and one CSV per sensor).", valueName: "session"))
        var session: String

        @Option(help: ArgumentHelp("Write the gait-report/1 JSON report here.", valueName: "file"))
        var json: String?

        @Option(name: .customLong("pelvic-drop-reference"),
                help: ArgumentHelp("Healthy-reference mean and SD of pelvic drop; flags at mean + 1 SD (Bramah 2018, 2019). No default: no absolute cut-off is verified.",
                                   valueName: "deg,deg"))
        var pelvicDropReference: SidePairArgument?

        @OptionGroup var views: ReportViewOptions

        @OptionGroup var filing: FilingOptions

        @Flag(help: "Print only the summary, not the per-stride table.")
        var quiet = false

        func run() throws {
            let folder = URL(fileURLWithPath: session, isDirectory: true)
            let manifest: SessionManifest, result: AnalysisResult
            do {
                (manifest, result) = try SessionAnalysis().run(folder: folder)
            } catch let error as SessionFileError {
                FileHandle.standardError.write(Data("gait analyze: \(error)\n".utf8))
                throw ExitCode(65)
            }
            let thresholds = pelvicDropReference.map {
                ThresholdSet.withPelvicDrop(referenceMeanDeg: $0.value.left, sdDeg: $0.value.right)
            } ?? ThresholdSet.defaults
            let report = GaitReport(
                result: result, sessionID: folder.lastPathComponent, subjectID: manifest.subject?.id,
                activity: manifest.activity, startS: result.timeSpanS?.lowerBound ?? 0, endS: result.timeSpanS?.upperBound ?? 0,
                thresholds: thresholds, generatorVersion: Gait.version)
            if let json {
                do {
                    try ReportFiles.write(ReportJSON.data(report), to: json)
                } catch {
                    FileHandle.standardError.write(Data("gait analyze: \(error)\n".utf8))
                    throw ExitCode(73)    // EX_CANTCREAT
                }
            }
            print(ReportText.render(report, perStride: !quiet), terminator: "")
            if let json { print("Report written to \(json)") }
            if views.html != nil || views.csv != nil || filing.athlete != nil {
                // The views and the store read the JSON, as they would from the file: one contract.
                let document: ReportDocument
                do {
                    document = try ReportReader.decode(ReportJSON.data(report), file: "the report of \(session)")
                } catch {
                    FileHandle.standardError.write(Data("gait analyze: \(error)\n".utf8))
                    throw ExitCode(70)    // EX_SOFTWARE: the analysis wrote a report its own reader rejects
                }
                try views.write(document, command: "analyze")
                try filing.fileIfAsked(document, command: "analyze")
            }
        }
    }
}
