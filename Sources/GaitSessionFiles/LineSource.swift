import Foundation

/// Where a `LineReader` gets its bytes: an open file, or bytes already in memory. The reader's
/// line splitting and limits are the same for both, so what the fuzzer finds on a buffer holds
/// for files.
protocol LineSource: AnyObject {
    /// Copies up to `count` bytes to `destination`; 0 means the end of the input.
    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(ReadFailure) -> Int
    /// Releases what the source holds (a file descriptor); called once, by the reader's deinit.
    func close()
}

/// A failed `read(2)`, with its errno.
struct ReadFailure: Error {
    let code: Int32
}

extension LineSource where Self == FileSource {
    static func file(descriptor: Int32) -> FileSource { FileSource(descriptor: descriptor) }
}

/// An open file descriptor, owned: closed with the reader.
final class FileSource: LineSource {
    private let descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(ReadFailure) -> Int {
        while true {
            let got = Foundation.read(descriptor, destination, count)
            if got >= 0 { return got }
            let code = errno
            // A signal arrived before any byte did: ask again.
            if code == EINTR { continue }
            throw ReadFailure(code: code)
        }
    }

    func close() { _ = Foundation.close(descriptor) }
}

/// Bytes in memory, handed out at most `maxReadBytes` at a time.
final class MemorySource: LineSource {
    private let bytes: [UInt8]
    private let maxReadBytes: Int
    private var offset = 0

    init(bytes: [UInt8], maxReadBytes: Int) {
        self.bytes = bytes
        self.maxReadBytes = maxReadBytes
    }

    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(ReadFailure) -> Int {
        let taken = min(count, maxReadBytes, bytes.count - offset)
        if taken <= 0 { return 0 }
        bytes.withUnsafeBufferPointer { source in
            destination.update(from: source.baseAddress! + offset, count: taken)
        }
        offset += taken
        return taken
    }

    func close() {}
}
