import Foundation
import GaitSessionFiles

/// Reads a text file line by line in 1 MiB chunks (memory bounded by the chunk and the longest
/// line), and splits each line at a one-byte delimiter; cells are trimmed of spaces and of
/// surrounding double quotes. LF or CRLF line ends.
final class DelimitedLines {
    let displayPath: String
    private let handle: FileHandle
    private let delimiter: UInt8
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// 1-based number of the line last returned.
    private(set) var lineNumber = 0

    init(url: URL, displayPath: String, delimiter: UInt8) throws {
        self.displayPath = displayPath
        self.delimiter = delimiter
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw SessionFileError(file: displayPath, problem: FileManager.default.fileExists(atPath: url.path) ? "the file cannot be opened" : "there is no such file",
                              remedy: "Check the mapping's `file` (relative to the import folder) and the file's permissions.")
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// The next line's cells, or nil at the end of the file.
    func next() throws -> [String]? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 10) {
                let line = buffer[position..<newline]
                position = newline + 1
                lineNumber += 1
                return split(line)
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                let line = buffer[position...]
                position = buffer.count
                lineNumber += 1
                return split(line)
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer += chunk }
        }
    }

    private func split(_ line: ArraySlice<UInt8>) -> [String] {
        var bytes = line
        if bytes.last == 13 { bytes = bytes.dropLast() }
        return bytes.split(separator: delimiter, omittingEmptySubsequences: false).map { cell in
            var text = String(decoding: cell, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            return text
        }
    }
}

