/// Something wrong in a device's byte stream: which device, where, what, and what to do.
public struct StreamProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A frame failed framing, CRC or version checks (PROTOCOL.md section 2).
        case rejectedFrame(FrameDeframer.Problem)
        /// Sequence numbers jumped: this many frames never arrived (section 5).
        case framesLost(count: UInt32, previousSequence: UInt32)
        /// Intact frame whose body does not match its type's layout.
        case malformedBody(frameType: String, reason: String)
        /// Intact frame of a type this host does not know: counted and skipped (section 6).
        case unknownFrameType(UInt8)
        /// Samples arrived before any DESCRIPTOR, so they have no scale; kept out of the data, counted.
        case samplesWithoutDescriptor(count: Int)
        /// The batch's channel count differs from the DESCRIPTOR's.
        case channelCountMismatch(batch: Int, descriptor: Int)
        /// Sample indices jumped: exactly this many samples are missing (section 7.2, Indices).
        case samplesMissing(count: UInt32, firstMissingIndex: UInt32)
        /// Sequence restarted at 0 with the clock going back: the node rebooted (section 5).
        case streamRestarted
    }

    /// The device, as the transport names it (port path, USB bus and address), with its id once known.
    public var device: String
    public var kind: Kind
    /// Stream byte offsets of the frame concerned: its first byte and its delimiter.
    public var startOffset: Int64
    public var endOffset: Int64
    /// The frame's sequence number, when the frame was intact.
    public var sequence: UInt32?

    public var description: String {
        var place = "bytes \(startOffset)–\(endOffset)"
        if let sequence { place += ", frame #\(sequence)" }
        return "\(device): \(place): \(what)"
    }

    private var what: String {
        switch kind {
        case .rejectedFrame(let problem):
            "frame rejected: \(problem). The stream resynchronises at the next 0x00; if this repeats, check the cable, hub or baud rate."
        case .framesLost(let count, let previous):
            "\(count) frame(s) lost in transport after frame #\(previous) (counted; the samples they carried show as missing indices)."
        case .malformedBody(let type, let reason):
            "\(type) with an intact CRC but a malformed body: \(reason). The firmware does not speak this host's protocol version 1; update one of them."
        case .unknownFrameType(let type):
            "frame of unknown type 0x\(hex(type)) skipped (newer firmware?)."
        case .samplesWithoutDescriptor(let count):
            "\(count) samples before any DESCRIPTOR cannot be scaled; they are counted, not recorded. Send GET_DESCRIPTOR (gait does on connect)."
        case .channelCountMismatch(let batch, let descriptor):
            "SAMPLE_BATCH with \(batch) channels but the DESCRIPTOR says \(descriptor); its samples are counted, not recorded."
        case .samplesMissing(let count, let first):
            "\(count) samples missing from index \(first) (a gap; never filled in)."
        case .streamRestarted:
            "the node restarted (sequence back to 0, clock went back); continuing as a new stream."
        }
    }
}
