#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into checked frames (PROTOCOL.md section 2, "Receiving").
///
/// Incremental: bytes may arrive in any chunking. Memory is bounded: at most
/// `WireProtocol.maxEncodedFrameBytes` bytes are held; a longer run without a 0x00 is
/// discarded up to the next 0x00 and reported once. Every rejection carries the stream byte
/// offsets of the spoiled frame, so a message can say where the damage was.
public struct FrameDeframer: Sendable {
    /// One intact frame: CRC and version checked.
    public struct Frame: Sendable, Equatable {
        public var header: FrameHeader
        /// Header and body (the CRC removed).
        public var payload: [UInt8]
        /// Stream offset of the frame's first encoded byte.
        public var streamOffset: Int64
    }

    /// Why a frame was rejected.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// More than 1033 encoded bytes before a 0x00 (the frame was discarded, not buffered).
        case tooLong(encodedBytes: Int)
        case cobs(COBS.DecodeError)
        /// Fewer than 18 decoded bytes (header + CRC).
        case tooShort(decodedBytes: Int)
        /// Payload longer than 1024 bytes.
        case payloadTooLong(payloadBytes: Int)
        case crcMismatch(received: UInt32, computed: UInt32)
        case unsupportedVersion(UInt8)
        /// The stream ended (or the device went away) inside a frame.
        case truncated(encodedBytes: Int)

        public var description: String {
            switch self {
            case .tooLong(let bytes):
                "no frame delimiter within \(bytes) bytes (the protocol's longest frame is \(WireProtocol.maxEncodedFrameBytes)); discarded up to the next 0x00"
            case .cobs(.codePastEnd(let offset)): "bad COBS: the code byte at frame byte \(offset) points past the frame's end"
            case .cobs(.zeroInside(let offset)): "bad COBS: a 0x00 at frame byte \(offset)"
            case .tooShort(let bytes): "frame of \(bytes) decoded bytes, shorter than header + CRC (18)"
            case .payloadTooLong(let bytes): "payload of \(bytes) bytes, longer than the protocol's \(WireProtocol.maxPayloadBytes)"
            case .crcMismatch(let received, let computed):
                "CRC-32 mismatch: the frame carries 0x\(hex(received)), its payload gives 0x\(hex(computed)) (corrupted in transit)"
            case .unsupportedVersion(let version): "protocol version \(version); this host speaks version \(WireProtocol.version) (update gait or the firmware)"
            case .truncated(let bytes): "the stream ended \(bytes) bytes into a frame"
            }
        }
    }

    /// A rejected frame and where it was in the stream.
    public struct Rejection: Sendable, Equatable {
        public var problem: Problem
        /// Stream offsets of the frame's first byte and of its delimiter (or the end of the data).
        public var startOffset: Int64
        public var endOffset: Int64
    }

    public enum Output: Sendable, Equatable {
        case frame(Frame)
        case rejected(Rejection)
    }

    /// Bytes of the current frame, never more than maxEncodedFrameBytes.
    private var encoded: [UInt8] = []
    /// Bytes seen since the last delimiter, including discarded ones.
    private var currentFrameBytes = 0
    private var decoded: [UInt8] = []
    /// Stream offset of the next byte pushed.
    public private(set) var bytesReceived: Int64 = 0

    public init() {
        encoded.reserveCapacity(WireProtocol.maxEncodedFrameBytes)
        decoded.reserveCapacity(WireProtocol.maxPayloadBytes + WireProtocol.crcBytes)
    }

    /// Bytes held for a frame not yet ended (bounded by the protocol's maximum).
    public var pendingBytes: Int { currentFrameBytes }

    /// Feeds bytes; calls `emit` for each frame or rejection they complete, in stream order.
    public mutating func push<Bytes: Sequence>(_ bytes: Bytes, emit: (Output) -> Void) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { pushContiguous($0, emit: emit) }
        if handled != nil { return }
        for byte in bytes {
            withUnsafePointer(to: byte) { pushContiguous(UnsafeBufferPointer(start: $0, count: 1), emit: emit) }
        }
    }

    /// Runs between delimiters are copied whole (memchr finds the 0x00s), up to the frame limit.
    private mutating func pushContiguous(_ bytes: UnsafeBufferPointer<UInt8>, emit: (Output) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var position = 0
        while position < bytes.count {
            let remaining = bytes.count - position
            let found = memchr(base + position, Int32(WireProtocol.delimiter), remaining)
            let runEnd = found.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
            let run = runEnd - position
            if run > 0 {
                let room = WireProtocol.maxEncodedFrameBytes - encoded.count
                if room > 0 { encoded.append(contentsOf: UnsafeBufferPointer(start: base + position, count: min(room, run))) }
                currentFrameBytes += run
                bytesReceived += Int64(run)
            }
            position = runEnd
            guard found != nil else { break }
            bytesReceived += 1
            position += 1
            // Two delimiters in a row are padding, not a frame (section 2, step 1).
            if currentFrameBytes > 0 { emit(endFrame(delimiterOffset: bytesReceived - 1)) }
        }
    }

    /// Ends the stream: a partial frame still held is reported as truncated (never dropped silently).
    public mutating func finish() -> Rejection? {
        guard currentFrameBytes > 0 else { return nil }
        let rejection = Rejection(problem: .truncated(encodedBytes: currentFrameBytes),
                                  startOffset: bytesReceived - Int64(currentFrameBytes), endOffset: bytesReceived)
        encoded.removeAll(keepingCapacity: true)
        currentFrameBytes = 0
        return rejection
    }

    private mutating func endFrame(delimiterOffset: Int64) -> Output {
        let length = currentFrameBytes
        let start = delimiterOffset - Int64(length)
        defer {
            encoded.removeAll(keepingCapacity: true)
            currentFrameBytes = 0
        }
        func reject(_ problem: Problem) -> Output {
            .rejected(Rejection(problem: problem, startOffset: start, endOffset: delimiterOffset))
        }
        if length > WireProtocol.maxEncodedFrameBytes { return reject(.tooLong(encodedBytes: length)) }
        do {
            try COBS.decode(encoded[...], into: &decoded)
        } catch {
            return reject(.cobs(error))
        }
        let minimum = WireProtocol.headerBytes + WireProtocol.crcBytes
        if decoded.count < minimum { return reject(.tooShort(decodedBytes: decoded.count)) }
        let payloadBytes = decoded.count - WireProtocol.crcBytes
        if payloadBytes > WireProtocol.maxPayloadBytes { return reject(.payloadTooLong(payloadBytes: payloadBytes)) }
        let payload = Array(decoded[..<payloadBytes])
        var crcReader = LittleEndianReader(decoded, at: payloadBytes)
        let received = crcReader.u32()
        let computed = CRC32.checksum(payload)
        if received != computed { return reject(.crcMismatch(received: received, computed: computed)) }
        let header = FrameHeader(payload: payload)
        if header.version != WireProtocol.version { return reject(.unsupportedVersion(header.version)) }
        return .frame(Frame(header: header, payload: payload, streamOffset: start))
    }
}

func hex<T: FixedWidthInteger>(_ value: T) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, MemoryLayout<T>.size * 2 - digits.count)) + digits
}
