import Foundation

/// Writes one sensor file of the session format, streaming: what the simulator and the recorder
/// use. Values are written in Swift's shortest round-trip form, so reading the file back gives
/// the same Doubles bit for bit; lines end in LF; `t` comes first.
///
/// It refuses what the reader would reject (non-finite values, times that do not increase, the
/// wrong number of values), so every file it completes is valid. Not thread-safe: one owner.
public final class SensorFileWriter {
    public let columns: SensorColumns
    /// For messages: the path as given.
    public let displayPath: String
    /// Samples appended so far.
    public private(set) var samplesWritten = 0
    /// Bytes handed to the operating system so far (the header included).
    public private(set) var bytesWritten: Int64 = 0

    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var lastTimeS = 0.0

    /// Bytes collected before one `write(2)`: few system calls, bounded memory.
    static let bufferBytes = 256 * 1024

    /// Creates or truncates the file, owner-only (0600), and writes the header line.
    public init(url: URL, columns: SensorColumns) throws {
        self.columns = columns
        displayPath = url.relativePath
        // Owner-only (recordings are health data); fchmod too, for a file that existed before
        // with wider permissions, before any sample is written to it.
        let fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, PrivateFiles.filePermissions)
        if fd >= 0, fchmod(fd, PrivateFiles.filePermissions) != 0 {
            let code = errno
            Foundation.close(fd)
            throw SessionFileError(file: url.relativePath,
                                   problem: "the file's permissions cannot be set to owner-only (\(String(cString: strerror(code))))",
                                   remedy: "Write the session to a folder you own.")
        }
        if fd < 0 {
            let code = errno
            throw SessionFileError(file: url.relativePath,
                                   problem: "the file cannot be created (\(String(cString: strerror(code))))",
                                   remedy: "Check that the folder exists and is writable.")
        }
        descriptor = fd
        buffer.reserveCapacity(Self.bufferBytes + 4096)
        buffer.append(contentsOf: columns.headerLine.utf8)
        buffer.append(UInt8(ascii: "\n"))
    }

    deinit {
        // Best effort for a writer dropped without close(); errors have nowhere to go here.
        if descriptor >= 0 {
            try? flush()
            Foundation.close(descriptor)
        }
    }

    /// Appends one sample. `timeS` in seconds on the session clock, strictly greater than the
    /// previous sample's; `values` in the column order, `columns.valueCount` of them, finite.
    public func append(timeS: Double, values: UnsafeBufferPointer<Double>) throws {
        let line = samplesWritten + 2  // the header is line 1
        guard descriptor >= 0 else {
            throw SessionFileError(file: displayPath, problem: "the writer is already closed",
                                   remedy: "Append every sample before calling close().")
        }
        guard values.count == columns.valueCount else {
            throw SessionFileError(file: displayPath, line: line,
                                   problem: "a sample has \(values.count) values but the file has \(columns.valueCount) columns after t",
                                   remedy: "Pass one value per column: \(columns.names.dropFirst().joined(separator: ",")).")
        }
        guard timeS.isFinite else {
            throw SessionFileError(file: displayPath, line: line, column: "t", problem: "the time is \(timeS), not a finite number",
                                   remedy: "Give each sample its time in seconds on the session clock.")
        }
        if samplesWritten > 0, !(timeS > lastTimeS) {
            throw SessionFileError(file: displayPath, line: line, column: "t",
                                   problem: "time \(timeS) is not after the previous sample's \(lastTimeS)",
                                   remedy: "Append samples in strictly increasing time; drop duplicates.")
        }
        for (index, value) in values.enumerated() where !value.isFinite {
            throw SessionFileError(file: displayPath, line: line, column: columns.names[index + 1],
                                   problem: "the value is \(value); the format allows only finite numbers",
                                   remedy: "Leave out a sample that has no valid value; the reader reports the gap.")
        }
        appendNumber(timeS)
        for value in values {
            buffer.append(UInt8(ascii: ","))
            appendNumber(value)
        }
        buffer.append(UInt8(ascii: "\n"))
        lastTimeS = timeS
        samplesWritten += 1
        if buffer.count >= Self.bufferBytes { try writeBuffer() }
    }

    public func append(timeS: Double, values: [Double]) throws {
        try values.withUnsafeBufferPointer { try append(timeS: timeS, values: $0) }
    }

    /// Hands the buffered lines to the operating system (`write(2)`; no fsync).
    public func flush() throws {
        guard descriptor >= 0 else { return }
        try writeBuffer()
    }

    /// Flushes and closes the file. Later appends throw; closing twice does nothing.
    public func close() throws {
        guard descriptor >= 0 else { return }
        defer {
            Foundation.close(descriptor)
            descriptor = -1
        }
        try writeBuffer()
    }

    private func appendNumber(_ value: Double) {
        // `description` is the shortest text that reads back as the same Double.
        var text = value.description
        text.withUTF8 { buffer.append(contentsOf: $0) }
    }

    private func writeBuffer() throws {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                return write(descriptor, base + written, bytes.count - written)
            }
            if result < 0 {
                let code = errno
                if code == EINTR { continue }
                // Keep what was not written out of the buffer so a retry does not duplicate lines.
                buffer.removeFirst(written)
                bytesWritten += Int64(written)
                throw SessionFileError(file: displayPath, problem: "writing failed (\(String(cString: strerror(code))))",
                                       remedy: "Check the disk space and that the file is writable.")
            }
            written += result
        }
        bytesWritten += Int64(written)
        buffer.removeAll(keepingCapacity: true)
    }
}
