import Foundation

/// One line of a file, borrowed from the reader's buffer: valid only until the next call to
/// `LineReader.nextLine()`. The line end (LF or CRLF) is not included.
struct BorrowedLine {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    /// 1-based.
    let number: Int
    /// False only for a last line that ends at the end of the file without LF.
    let hasLineEnd: Bool
}

/// Splits a file into lines with large `read(2)` calls into one fixed buffer, so memory stays
/// bounded by the buffer whatever the file, and no String is built per line.
///
/// A line longer than `maxLineBytes` is rejected as soon as that many bytes have been seen
/// without a line end: a 10 GB file without line ends costs one buffer, not 10 GB.
final class LineReader {
    /// For messages: the path as the caller gave it.
    let displayPath: String
    /// Longest line accepted, in bytes without the line end. May be changed between lines
    /// (the header gets a larger bound than data lines); at most `capacity - 2`.
    var maxLineBytes: Int {
        didSet { maxLineBytes = min(max(maxLineBytes, 0), capacity - 2) }
    }
    /// Lines returned so far; also the number of the last one.
    private(set) var lineNumber = 0

    private let source: any LineSource
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var start = 0
    private var end = 0
    private var reachedEndOfFile = false

    /// 1 MiB: few system calls per second even at 2 GB per hour of data, and far above any
    /// line bound the format needs.
    static let defaultBufferBytes = 1 << 20

    convenience init(path: String, displayPath: String, maxLineBytes: Int, bufferBytes: Int = LineReader.defaultBufferBytes) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            throw SessionFileError(
                file: displayPath,
                problem: code == ENOENT ? "the file does not exist" : "the file cannot be opened (\(String(cString: strerror(code))))",
                remedy: code == ENOENT
                    ? "Put the file in the session folder, or correct its name in session.json."
                    : "Check that the file is readable by this user.")
        }
        self.init(source: .file(descriptor: fd), displayPath: displayPath, maxLineBytes: maxLineBytes, bufferBytes: bufferBytes)
    }

    /// The file's bytes are already in memory (fuzzing, tests). `maxReadBytes` caps what one
    /// refill takes, as a short `read(2)` from a pipe would, so that line splitting across
    /// refills is exercised too.
    convenience init(bytes: [UInt8], displayPath: String, maxLineBytes: Int,
                     bufferBytes: Int = LineReader.defaultBufferBytes, maxReadBytes: Int = Int.max) {
        self.init(source: MemorySource(bytes: bytes, maxReadBytes: max(maxReadBytes, 1)),
                  displayPath: displayPath, maxLineBytes: maxLineBytes, bufferBytes: bufferBytes)
    }

    init(source: any LineSource, displayPath: String, maxLineBytes: Int, bufferBytes: Int = LineReader.defaultBufferBytes) {
        self.displayPath = displayPath
        capacity = max(bufferBytes, maxLineBytes + 2, 64)
        self.maxLineBytes = min(max(maxLineBytes, 0), capacity - 2)
        self.source = source
        buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit {
        source.close()
        buffer.deallocate()
    }

    /// The next line, or nil at the end of the file.
    func nextLine() throws -> BorrowedLine? {
        let newline = Int32(UInt8(ascii: "\n"))
        while true {
            let available = end - start
            // A line of maxLineBytes may be followed by CR LF.
            let searchBytes = min(available, maxLineBytes + 2)
            if searchBytes > 0, let found = memchr(buffer + start, newline, searchBytes) {
                let lineStart = buffer + start
                let length = found.assumingMemoryBound(to: UInt8.self) - lineStart
                var contentLength = length
                if contentLength > 0, lineStart[contentLength - 1] == UInt8(ascii: "\r") { contentLength -= 1 }
                lineNumber += 1
                if contentLength > maxLineBytes { throw tooLong() }
                start += length + 1
                return BorrowedLine(bytes: lineStart, count: contentLength, number: lineNumber, hasLineEnd: true)
            }
            if available >= maxLineBytes + 2 {
                lineNumber += 1
                throw tooLong()
            }
            if reachedEndOfFile {
                if available == 0 { return nil }
                let lineStart = buffer + start
                var contentLength = available
                // A lone CR at the very end is a line end too (a CRLF file cut after the CR).
                let endedByCR = lineStart[contentLength - 1] == UInt8(ascii: "\r")
                if endedByCR { contentLength -= 1 }
                lineNumber += 1
                if contentLength > maxLineBytes { throw tooLong() }
                start = end
                return BorrowedLine(bytes: lineStart, count: contentLength, number: lineNumber, hasLineEnd: endedByCR)
            }
            try fill()
        }
    }

    /// Moves the unread bytes to the front of the buffer and reads more after them.
    private func fill() throws {
        if start > 0 {
            let available = end - start
            if available > 0 { memmove(buffer, buffer + start, available) }
            start = 0
            end = available
        }
        let count: Int
        do {
            count = try source.read(into: buffer + end, count: capacity - end)
        } catch {
            throw readError(error.code)
        }
        if count == 0 {
            reachedEndOfFile = true
        } else {
            end += count
        }
    }

    private func readError(_ code: Int32) -> SessionFileError {
        SessionFileError(
            file: displayPath, line: lineNumber + 1,
            problem: code == EISDIR ? "this is a folder, not a file" : "reading failed (\(String(cString: strerror(code))))",
            remedy: code == EISDIR ? "Point session.json at a CSV file." : "Check the disk and the file, then read again.")
    }

    private func tooLong() -> SessionFileError {
        SessionFileError(
            file: displayPath, line: lineNumber,
            problem: "line \(lineNumber) is longer than \(maxLineBytes) bytes",
            remedy: "Check that the file has one sample per line with LF or CRLF line ends and only the header's columns.")
    }
}
