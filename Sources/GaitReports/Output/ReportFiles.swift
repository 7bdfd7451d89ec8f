import Foundation

/// Writes a view of a report to a file, atomically, with an error that names the file and what
/// to do (the CLI turns it into exit status 73).
public enum ReportFiles {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String {
            "cannot write \(path): \(reason). Fix: choose a folder that exists and that you can write to."
        }
    }

    public static func write(_ text: String, to path: String) throws(WriteError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WriteError(path: path, reason: error.localizedDescription)
        }
    }
}
