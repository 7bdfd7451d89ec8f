/// One device's byte stream to descriptors, samples in SI units, status and time-sync replies.
///
/// Bytes may arrive in any chunking (`push`); everything found is handed to `emit` in stream
/// order. Nothing is dropped silently: every rejected frame, lost frame and missing sample is
/// counted in `counts` and reported as a `.problem` event that names the device and the byte
/// offsets. Memory is bounded by one frame (`FrameDeframer`).
public struct DeviceStreamDecoder: Sendable {
    /// A SAMPLE_BATCH in SI units (PROTOCOL.md section 7.1.1), on the device clock.
    public struct Samples: Sendable, Equatable {
        public var firstSampleIndex: UInt32
        /// Device clock of each sample, µs (map onto the session clock with `ClockMapper`).
        public var deviceTimesUs: [UInt64]
        public var channelCount: Int
        /// Row-major SI values: m/s² (ax, ay, az), rad/s (gx, gy, gz), or kPa per insole cell.
        public var valuesSI: [Double]
        public var count: Int { deviceTimesUs.count }
    }

    public enum Event: Sendable, Equatable {
        case descriptor(NodeDescriptor)
        case samples(Samples)
        case status(NodeStatus)
        case timeSync(TimeSyncReply)
        case problem(StreamProblem)
    }

    /// Running totals over the stream.
    public struct Counts: Sendable, Equatable {
        public var bytes: Int64 = 0
        public var framesAccepted = 0
        public var framesRejected = 0
        /// Frames lost in transport, from sequence gaps (exact across the u32 wrap).
        public var framesLost: UInt64 = 0
        public var framesMalformed = 0
        public var framesOfUnknownType = 0
        public var samplesDecoded = 0
        /// Samples missing, from sample-index jumps.
        public var samplesMissing: UInt64 = 0
        /// Samples received but not convertible (no DESCRIPTOR yet, or a channel count mismatch).
        public var samplesUndecodable = 0
        public var streamRestarts = 0
    }

    /// The device as the transport names it (e.g. `/dev/ttyACM0`, `usb 1-3`).
    public let deviceName: String
    public private(set) var descriptor: NodeDescriptor?
    public private(set) var counts = Counts()
    /// The newest STATUS the node sent.
    public private(set) var lastStatus: NodeStatus?

    private var deframer = FrameDeframer()
    private var previousSequence: UInt32?
    private var previousFrameTimeUs: UInt64 = 0
    private var nextSampleIndex: UInt32?
    private var siPerCount: [Double] = []

    public init(deviceName: String) {
        self.deviceName = deviceName
    }

    /// The device's name with its id once a DESCRIPTOR has told it.
    public var deviceLabel: String {
        guard let descriptor else { return deviceName }
        return "\(deviceName) (device \(descriptor.deviceIDText))"
    }

    /// Feeds bytes in any chunking.
    public mutating func push<Bytes: Sequence>(_ bytes: Bytes, emit: (Event) -> Void) where Bytes.Element == UInt8 {
        var outputs: [FrameDeframer.Output] = []
        deframer.push(bytes) { outputs.append($0) }
        counts.bytes = deframer.bytesReceived
        for output in outputs { handle(output, emit: emit) }
    }

    /// Convenience: feeds bytes and returns the events.
    public mutating func push<Bytes: Sequence>(_ bytes: Bytes) -> [Event] where Bytes.Element == UInt8 {
        var events: [Event] = []
        push(bytes) { events.append($0) }
        return events
    }

    /// The stream ended (closed, unplugged): a partial frame is counted and reported.
    public mutating func finish() -> Event? {
        guard let rejection = deframer.finish() else { return nil }
        counts.framesRejected += 1
        return .problem(problem(.rejectedFrame(rejection.problem), rejection.startOffset, rejection.endOffset, nil))
    }

    private func problem(_ kind: StreamProblem.Kind, _ start: Int64, _ end: Int64, _ sequence: UInt32?) -> StreamProblem {
        StreamProblem(device: deviceLabel, kind: kind, startOffset: start, endOffset: end, sequence: sequence)
    }

    private mutating func handle(_ output: FrameDeframer.Output, emit: (Event) -> Void) {
        let frame: FrameDeframer.Frame
        switch output {
        case .rejected(let rejection):
            counts.framesRejected += 1
            emit(.problem(problem(.rejectedFrame(rejection.problem), rejection.startOffset, rejection.endOffset, nil)))
            return
        case .frame(let intact):
            frame = intact
        }
        counts.framesAccepted += 1
        let header = frame.header
        let start = frame.streamOffset, end = frame.streamOffset + Int64(frame.payload.count)
        trackSequence(header, start: start, end: end, emit: emit)

        guard let type = FrameType(rawValue: header.type), type.rawValue < 0x80 else {
            counts.framesOfUnknownType += 1
            emit(.problem(problem(.unknownFrameType(header.type), start, end, header.sequence)))
            return
        }
        do throws(MalformedBody) {
            switch type {
            case .descriptor:
                let parsed = try DeviceFrameParser.descriptor(frame)
                descriptor = parsed
                siPerCount = parsed.siPerCount
                emit(.descriptor(parsed))
            case .sampleBatch:
                let batch = try DeviceFrameParser.sampleBatch(frame)
                handleBatch(batch, header: header, start: start, end: end, emit: emit)
            case .status:
                let status = try DeviceFrameParser.status(frame)
                lastStatus = status
                emit(.status(status))
            case .timeSync:
                emit(.timeSync(try DeviceFrameParser.timeSync(frame)))
            default:
                break  // commands (bit 7) are excluded above
            }
        } catch {
            counts.framesMalformed += 1
            emit(.problem(problem(.malformedBody(frameType: type.name, reason: error.reason), start, end, header.sequence)))
        }
    }

    /// Lost frames from sequence numbers: (sequence − previous − 1) mod 2^32 (section 5).
    private mutating func trackSequence(_ header: FrameHeader, start: Int64, end: Int64, emit: (Event) -> Void) {
        defer {
            previousSequence = header.sequence
            previousFrameTimeUs = header.timestampUs
        }
        guard let previous = previousSequence else { return }
        // A reboot: the counter restarts at 0 and the device clock goes back (section 5).
        if header.sequence == 0 && previous != UInt32.max && header.timestampUs < previousFrameTimeUs {
            counts.streamRestarts += 1
            nextSampleIndex = nil
            emit(.problem(problem(.streamRestarted, start, end, header.sequence)))
            return
        }
        let lost = header.sequence &- previous &- 1
        if lost > 0 {
            counts.framesLost += UInt64(lost)
            emit(.problem(problem(.framesLost(count: lost, previousSequence: previous), start, end, header.sequence)))
        }
    }

    private mutating func handleBatch(_ batch: RawSampleBatch, header: FrameHeader, start: Int64, end: Int64,
                                      emit: (Event) -> Void) {
        let sampleCount = batch.deviceTimesUs.count
        // Index jumps count missing samples exactly, across the u32 wrap (section 7.2).
        if let expected = nextSampleIndex, batch.firstSampleIndex != expected {
            let missing = batch.firstSampleIndex &- expected
            counts.samplesMissing += UInt64(missing)
            emit(.problem(problem(.samplesMissing(count: missing, firstMissingIndex: expected), start, end, header.sequence)))
        }
        nextSampleIndex = batch.firstSampleIndex &+ UInt32(sampleCount)
        guard let descriptor else {
            counts.samplesUndecodable += sampleCount
            emit(.problem(problem(.samplesWithoutDescriptor(count: sampleCount), start, end, header.sequence)))
            return
        }
        guard batch.channelCount == descriptor.channelCount else {
            counts.samplesUndecodable += sampleCount
            emit(.problem(problem(.channelCountMismatch(batch: batch.channelCount, descriptor: descriptor.channelCount),
                                  start, end, header.sequence)))
            return
        }
        var values = [Double](repeating: 0, count: batch.counts.count)
        let channels = batch.channelCount
        for index in 0..<batch.counts.count {
            values[index] = Double(batch.counts[index]) * siPerCount[index % channels]
        }
        counts.samplesDecoded += sampleCount
        emit(.samples(Samples(firstSampleIndex: batch.firstSampleIndex, deviceTimesUs: batch.deviceTimesUs,
                              channelCount: channels, valuesSI: values)))
    }
}
