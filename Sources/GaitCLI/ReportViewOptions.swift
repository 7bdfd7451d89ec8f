import ArgumentParser
import Foundation
import GaitReports

/// `--html` and `--csv`, shared by `gait report` and `gait analyze`.
struct ReportViewOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the printable HTML report here (self-contained, A4).", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("Write one CSV row per stride here (RFC 4180).", valueName: "file"))
    var csv: String?

    /// Writes the views asked for; exits 73 (EX_CANTCREAT) naming the file when one cannot be written.
    func write(_ document: ReportDocument, command: String) throws {
        let outputs = [(html, { ReportPage.html(document) }), (csv, { StrideCSV.text(document) })]
        for case let (path?, render) in outputs {
            do {
                try ReportFiles.write(render(), to: path)
            } catch {
                FileHandle.standardError.write(Data("gait \(command): \(error)\n".utf8))
                throw ExitCode(73)
            }
            print("Written: \(path)")
        }
    }
}
