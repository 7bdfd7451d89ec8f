import ArgumentParser
import Foundation
import GaitInterchange
import GaitSessionFiles

extension Gait {
    /// `gait import`: other systems' per-sensor files into a gait session, through a mapping.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bring in another system's per-sensor files as a gait session, through a mapping file.",
            discussion: """
                The mapping (docs/import-mapping.md, format gait-import-mapping/1) names each \
                sensor's file, its time column (s, ms, us or iso8601) and the column and unit of \
                each signal (g, m/s2, deg/s, rad/s, kPa, N/cm2, …). Writes a gait-session-csv/1 \
                folder, read back completely before success. Exits 65 with file, line, column, \
                problem and fix when the input is wrong, 73 when the output cannot be written.
                """)

        @Argument(help: ArgumentHelp("The folder holding the files the mapping names.", valueName: "folder"))
        var folder: String

        @Option(help: ArgumentHelp("The mapping file (JSON).", valueName: "mapping.json"))
        var mapping: String

        @Option(help: ArgumentHelp("The session folder to write (new, or empty).", valueName: "session"))
        var out: String

        func validate() throws {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("\(folder) is not a folder: give the folder that holds the files to import.")
            }
        }

        func run() throws {
            do {
                let parsed = try ImportMapping.read(URL(fileURLWithPath: mapping))
                let summary = try SessionImporter.run(folder: URL(fileURLWithPath: folder, isDirectory: true), mapping: parsed,
                                                      out: URL(fileURLWithPath: out, isDirectory: true))
                print("Session written to \(out) (gait-session-csv/1):")
                for (id, count) in summary.samples { print("  \(id): \(count) samples") }
                print(String(format: "Time 0 s of the session is %.6f s of the source clock.", summary.timeZeroS))
            } catch let error as SessionFileError {
                FileHandle.standardError.write(Data("gait import: \(error)\n".utf8))
                throw ExitCode(65)
            } catch let error as ImportOutputError {
                FileHandle.standardError.write(Data("gait import: \(error)\n".utf8))
                throw ExitCode(73)
            }
        }
    }
}
