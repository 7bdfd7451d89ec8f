import Dispatch
import Synchronization

/// Asks a node what it is: GET_DESCRIPTOR, then waits briefly for the DESCRIPTOR.
public enum DeviceProbe {
    public enum Outcome: Sendable, Equatable {
        case descriptor(NodeDescriptor)
        /// No DESCRIPTOR within the time allowed; says what did arrive.
        case noAnswer(String)
        case failed(String)
    }

    /// Sends GET_DESCRIPTOR (twice: a damaged command is not answered, PROTOCOL.md section 8)
    /// and returns the first DESCRIPTOR; closes the transport.
    public static func describe(_ transport: some DeviceTransport, timeoutMs: Int = 600) async -> Outcome {
        do {
            try transport.send(.getDescriptor, sequence: 0)
        } catch {
            transport.close()
            return .failed(error.description)
        }
        let retry = Task {
            try await Task.sleep(nanoseconds: UInt64(timeoutMs / 3) * 1_000_000)
            try? transport.send(.getDescriptor, sequence: 1)
            try await Task.sleep(nanoseconds: UInt64(timeoutMs - timeoutMs / 3) * 1_000_000)
            transport.close()
        }
        defer { retry.cancel() }
        var decoder = DeviceStreamDecoder(deviceName: transport.name)
        var found: NodeDescriptor?
        var ending: DisconnectReason?
        for await event in transport.events {
            switch event {
            case .bytes(let bytes):
                decoder.push(bytes) { if case .descriptor(let descriptor) = $0, found == nil { found = descriptor } }
                if found != nil { transport.close() }
            case .disconnected(let reason):
                ending = reason
            }
        }
        if let found { return .descriptor(found) }
        if let ending, ending != .closedByHost { return .failed("the link ended: \(ending)") }
        let counts = decoder.counts
        if counts.bytes == 0 { return .noAnswer("no bytes in \(timeoutMs) ms: not a sensor node, or not powered") }
        return .noAnswer("\(counts.bytes) bytes, \(counts.framesAccepted) intact frames, \(counts.framesRejected) rejected, no DESCRIPTOR in \(timeoutMs) ms")
    }

    /// `describe` for synchronous callers (the command line): runs it and waits.
    public static func describeWaiting(_ transport: some DeviceTransport, timeoutMs: Int = 600) -> Outcome {
        let result = Mutex<Outcome?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let outcome = await describe(transport, timeoutMs: timeoutMs)
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 } ?? .failed("probe did not finish")
    }
}
