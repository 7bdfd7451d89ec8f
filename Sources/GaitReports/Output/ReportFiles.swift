import Foundation
import GaitSessionFiles

/// Writes a report or a view of one to a file, atomically and readable by its owner only (0600:
/// it holds an athlete's data, like the recording it comes from), with an error that names the
/// file and what to do (the CLI turns it into exit status 73).
public enum ReportFiles {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String {
            "cannot write \(path): \(reason). Fix: choose a folder that exists and that you can write to."
        }
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        try write(Data(text.utf8), to: path)
    }

    public static func write(_ data: Data, to path: String) throws(WriteError) {
        do {
            try PrivateFiles.writeAtomically(data, to: URL(fileURLWithPath: path))
        } catch {
            throw WriteError(path: path, reason: error.localizedDescription)
        }
    }
}
