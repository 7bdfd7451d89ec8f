@testable import GaitSessionFiles

/// A source of bytes that never ends (or ends after `totalBytes`), made by `fill`, counting what
/// the reader took: the tests show that a reader stops after a bounded number of bytes.
final class GeneratedSource: LineSource {
    private(set) var bytesTaken = 0
    private let totalBytes: Int
    private let fill: (UnsafeMutableBufferPointer<UInt8>, Int) -> Void

    /// - Parameter fill: writes the bytes at the given offset of the stream into the buffer.
    init(totalBytes: Int = .max, fill: @escaping (UnsafeMutableBufferPointer<UInt8>, Int) -> Void) {
        self.totalBytes = totalBytes
        self.fill = fill
    }

    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(ReadFailure) -> Int {
        let taken = min(count, totalBytes - bytesTaken)
        if taken <= 0 { return 0 }
        fill(UnsafeMutableBufferPointer(start: destination, count: taken), bytesTaken)
        bytesTaken += taken
        return taken
    }

    func close() {}
}

/// A source that counts what it passes on from another.
final class CountingSource: LineSource {
    private(set) var bytesTaken = 0
    private let wrapped: any LineSource

    init(_ wrapped: any LineSource) { self.wrapped = wrapped }

    func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(ReadFailure) -> Int {
        let got = try wrapped.read(into: destination, count: count)
        bytesTaken += got
        return got
    }

    func close() { wrapped.close() }
}

let pelvisSensor = SensorDescriptor(id: "pelvis", kind: .imu, placement: .pelvis, file: "pelvis.csv", rateHz: 100)
