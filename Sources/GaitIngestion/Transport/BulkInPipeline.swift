import Synchronization

/// How one bulk IN transfer ended (libusb's `libusb_transfer_status`, without libusb).
public enum BulkTransferStatus: Sendable, Equatable {
    case completed
    case timedOut
    case cancelled
    case stall
    /// LIBUSB_TRANSFER_NO_DEVICE: the device was unplugged.
    case noDevice
    case overflow
    case error
}

/// What submitting a transfer gave.
public enum BulkSubmitResult: Sendable, Equatable {
    case submitted
    /// LIBUSB_ERROR_NO_DEVICE: the device is gone.
    case noDevice
    case failed(String)
}

/// Keeps several bulk IN transfers in flight and turns their completions into one ordered
/// byte stream ending in exactly one `.disconnected` event.
///
/// It holds no libusb state: `submit` and `cancelAll` do the USB work, so the same code runs
/// against libusb (`USBBulkTransport`) and against a fake transfer source in tests. Several
/// transfers in flight keep the endpoint busy while a completion is handled (the node never
/// waits for the host between packets). Completions must be reported in the order the
/// transfers completed — libusb calls back in order on its event thread.
public final class BulkInPipeline: Sendable {
    public let events: AsyncStream<TransportEvent>
    /// The device, for messages.
    public let name: String

    private struct State {
        var inFlight = 0
        var stopping = false
        var ended = false
        var bytesDelivered: Int64 = 0
    }

    private let state = Mutex(State())
    private let continuation: AsyncStream<TransportEvent>.Continuation
    private let transferCount: Int
    private let submit: @Sendable (_ slot: Int) -> BulkSubmitResult
    private let cancelAll: @Sendable () -> Void

    public init(name: String, transfersInFlight: Int, submit: @escaping @Sendable (_ slot: Int) -> BulkSubmitResult,
                cancelAll: @escaping @Sendable () -> Void) {
        self.name = name
        transferCount = transfersInFlight
        self.submit = submit
        self.cancelAll = cancelAll
        (events, continuation) = AsyncStream<TransportEvent>.makeStream(bufferingPolicy: .unbounded)
    }

    /// Submits every transfer. Returns false (and ends the stream) if none could be submitted.
    @discardableResult
    public func start() -> Bool {
        for slot in 0..<transferCount {
            guard resubmit(slot) else { return false }
        }
        return true
    }

    /// Transfers submitted and not yet completed.
    public var transfersInFlight: Int { state.withLock { $0.inFlight } }
    /// True once the stream has ended and no transfer is outstanding: the USB side may be freed.
    public var isFinished: Bool { state.withLock { $0.ended && $0.inFlight == 0 } }
    public var bytesDelivered: Int64 { state.withLock { $0.bytesDelivered } }

    /// Reports one completed transfer with the bytes it carried (`actual_length` of them).
    public func transferCompleted(slot: Int, status: BulkTransferStatus, bytes: [UInt8]) {
        var again = false
        let ending = state.withLock { state -> DisconnectReason? in
                state.inFlight -= 1
                switch status {
                case .completed, .timedOut:
                    // A timed-out transfer may still carry bytes; they are data like any other.
                    if !bytes.isEmpty && !state.ended {
                        state.bytesDelivered += Int64(bytes.count)
                        continuation.yield(.bytes(bytes))
                    }
                    again = !state.stopping && !state.ended
                    return nil
                case .cancelled:
                    return state.stopping ? nil : .failed("a bulk IN transfer was cancelled")
                case .noDevice:
                    return .unplugged
                case .stall:
                    return .failed("endpoint 0x83 stalled (the node refused the transfer)")
                case .overflow:
                    return .failed("the node sent more than a transfer holds (overflow)")
                case .error:
                    return .failed("bulk IN transfer failed")
                }
        }
        if let ending {
            end(ending)
            return
        }
        if again { _ = resubmit(slot) }
    }

    /// The host closes the link: outstanding transfers are cancelled, the stream ends now.
    public func stop() {
        state.withLock { $0.stopping = true }
        end(.closedByHost)
    }

    /// Ends the stream with an error found outside a transfer (e.g. the event loop failed).
    public func fail(_ reason: DisconnectReason) {
        end(reason)
    }

    private func resubmit(_ slot: Int) -> Bool {
        let allowed = state.withLock { state -> Bool in
            guard !state.ended else { return false }
            state.inFlight += 1
            return true
        }
        guard allowed else { return false }
        switch submit(slot) {
        case .submitted:
            return true
        case .noDevice:
            state.withLock { $0.inFlight -= 1 }
            end(.unplugged)
        case .failed(let message):
            state.withLock { $0.inFlight -= 1 }
            end(.failed("submitting a bulk IN transfer: \(message)"))
        }
        return false
    }

    private func end(_ reason: DisconnectReason) {
        let first = state.withLock { state -> Bool in
            if state.ended { return false }
            state.ended = true
            state.stopping = true
            return true
        }
        guard first else { return }
        cancelAll()
        continuation.yield(.disconnected(reason))
        continuation.finish()
    }
}
