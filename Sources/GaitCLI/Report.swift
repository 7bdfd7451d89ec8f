import ArgumentParser
import Foundation
import GaitReports

extension Gait {
    /// `gait report`: views of a gait-report/1 JSON — the HTML a therapist prints, the CSV a coach opens.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn a gait-report/1 JSON into a printable HTML report and/or a per-stride CSV.",
            discussion: """
                The HTML is one self-contained file (inline SVG charts, no network) that prints on \
                A4; the CSV has one row per stride with every field of the stride; --athlete files \
                the session in the session store. Exits with status \
                65 when the report cannot be read (naming the file, the key and the fix) and 73 \
                when an output cannot be written. To make a PDF: chromium --headless \
                --no-pdf-header-footer --print-to-pdf=report.pdf report.html
                """)

        @Argument(help: ArgumentHelp("The report JSON that `gait analyze --json` wrote.", valueName: "report.json"))
        var report: String

        @OptionGroup var views: ReportViewOptions

        @OptionGroup var filing: FilingOptions

        func validate() throws {
            guard views.html != nil || views.csv != nil || filing.athlete != nil else {
                throw ValidationError("Nothing to do: give --html FILE, --csv FILE and/or --athlete NAME.")
            }
        }

        func run() throws {
            let document: ReportDocument
            do {
                document = try ReportReader.read(contentsOf: report)
            } catch {
                FileHandle.standardError.write(Data("gait report: \(error)\n".utf8))
                throw ExitCode(65)    // EX_DATAERR
            }
            try views.write(document, command: "report")
            try filing.fileIfAsked(document, command: "report")
        }
    }
}
