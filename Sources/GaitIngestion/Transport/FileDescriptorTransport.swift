import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte link over one open, non-blocking file descriptor: a serial port's, a pty's.
///
/// Reads are event-driven: a `DispatchSourceRead` on a private serial queue fires when the
/// kernel has bytes (no polling loop). A read of 0 bytes or EIO ends the stream
/// (`.endOfStream`), ENXIO/ENODEV mean the device went away (`.unplugged`). The descriptor is
/// closed exactly once, in the source's cancel handler, after which nothing touches it.
///
/// `@unchecked Sendable`, and why that is safe: the mutable state (`source`, `ended`) is read
/// and written only on `queue`, a serial DispatchQueue — the source's event and cancel
/// handlers run there, `send` enters it with `queue.sync` and `close` with `queue.async`;
/// `deinit` runs when no other reference exists. Every other stored property is an immutable
/// `let` of a Sendable type.
public final class FileDescriptorTransport: DeviceTransport, @unchecked Sendable {
    public let name: String
    public let events: AsyncStream<TransportEvent>

    private let descriptor: Int32
    private let continuation: AsyncStream<TransportEvent>.Continuation
    private let queue: DispatchQueue
    /// Confined to `queue`.
    private var source: (any DispatchSourceRead)?
    /// Confined to `queue`.
    private var ended = false
    /// Confined to `queue`: when the other side was first seen gone (µs, host clock), while the
    /// source is suspended and what the kernel still holds is being drained.
    private var hangupSeenUs: UInt64?

    /// After a hang-up, how long to keep reading what the kernel still delivers, µs. A pty's
    /// reader can see EIO or HUP while bytes the writer sent just before closing are still on
    /// their way through the kernel's buffers (seen on a loaded machine); a blocking read would
    /// wait for them, so this reader does too, briefly.
    private static let hangupDrainUs: UInt64 = 1_000_000

    /// Bytes asked of each read(2).
    private static let readChunkBytes = 4096

    /// Takes ownership of `descriptor` (made non-blocking here); `onClose` runs once, after the
    /// last read, instead of `close(descriptor)` (e.g. libserialport's `sp_close`).
    public init(descriptor: Int32, name: String, onClose: (@Sendable () -> Void)? = nil) {
        self.name = name
        self.descriptor = descriptor
        let (stream, continuation) = AsyncStream<TransportEvent>.makeStream(bufferingPolicy: .unbounded)
        events = stream
        self.continuation = continuation
        queue = DispatchQueue(label: "gait.transport.fd")
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)

        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        source.setEventHandler { [weak self] in
            self?.readAvailable()
        }
        source.setCancelHandler {
            if let onClose { onClose() } else { POSIXCalls.closeDescriptor(descriptor) }
        }
        self.source = source
        source.resume()
    }

    deinit {
        if !ended {
            source?.cancel()
            if hangupSeenUs != nil { source?.resume() }
            continuation.yield(.disconnected(.closedByHost))
            continuation.finish()
        }
    }

    /// On `queue` only (the source's event handler, or a drain timer after a hang-up).
    ///
    /// Reads until the descriptor is empty (EAGAIN): the source may signal only when new bytes
    /// arrive, so bytes left behind could wait for the next arrival. At most 64 chunks per
    /// pass, so one busy port cannot starve the queue; a pass that hits the bound queues another.
    private func readAvailable() {
        guard !ended else { return }
        var buffer = [UInt8](repeating: 0, count: Self.readChunkBytes)
        for _ in 0..<64 {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, Self.readChunkBytes) }
            if got > 0 {
                if hangupSeenUs != nil { hangupSeenUs = HostClock.nowUs() }  // still draining: wait again
                continuation.yield(.bytes(Array(buffer[0..<got])))
                continue
            }
            if got < 0 && errno == EINTR { continue }
            if got < 0 && errno != EAGAIN && errno != EWOULDBLOCK {
                switch errno {
                case EIO: return hungUp()  // a pty whose other side closed
                case ENXIO, ENODEV: return end(.unplugged)
                default: return end(.failed(String(cString: strerror(errno))))
                }
            }
            // Nothing read (0 or EAGAIN). 0 is end of file only if the other side hung up. An
            // interposed read (umockdev's, in the tests) may report nothing while the kernel still
            // holds bytes, which no new event would announce: look again shortly.
            var state = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            _ = poll(&state, 1, 0)
            if state.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 && got == 0 { return hungUp() }
            if hangupSeenUs != nil { return hungUp() }
            if state.revents & Int16(POLLIN) != 0 {
                queue.asyncAfter(deadline: .now() + .milliseconds(1)) { [weak self] in self?.readAvailable() }
            }
            return
        }
        queue.async { [weak self] in self?.readAvailable() }
    }

    /// The other side is gone. Keeps reading (timer-driven; the source, which would fire
    /// continuously on a hang-up, is suspended) until nothing more came for `hangupDrainUs`.
    private func hungUp() {
        let now = HostClock.nowUs()
        if hangupSeenUs == nil {
            hangupSeenUs = now
            source?.suspend()
        } else if now - hangupSeenUs! >= Self.hangupDrainUs {
            return end(.endOfStream)
        }
        queue.asyncAfter(deadline: .now() + .milliseconds(10)) { [weak self] in self?.readAvailable() }
    }

    /// On `queue` only.
    private func end(_ reason: DisconnectReason) {
        guard !ended else { return }
        ended = true
        source?.cancel()
        // A suspended source runs its cancel handler (which closes the descriptor) once resumed.
        if hangupSeenUs != nil { source?.resume() }
        source = nil
        continuation.yield(.disconnected(reason))
        continuation.finish()
    }

    public func send(_ bytes: [UInt8]) throws(TransportError) {
        let failure: String? = queue.sync {
            guard !ended else { return "the link is closed" }
            return Self.writeAll(bytes, to: descriptor)
        }
        if let failure { throw TransportError(device: name, operation: "write \(bytes.count) bytes", message: failure) }
    }

    /// Writes everything, waiting (poll, at most 1 s in all) while the kernel buffer is full.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> String? {
        var written = 0
        var waitedMs: Int32 = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result > 0 {
                written += result
                continue
            }
            if result < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) && waitedMs < 1000 {
                var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&pollDescriptor, 1, 50)
                waitedMs += 50
                continue
            }
            return result < 0 ? String(cString: strerror(errno)) : "the device took no bytes for 1 s"
        }
        return nil
    }

    public func close() {
        queue.async { self.end(.closedByHost) }
    }
}
