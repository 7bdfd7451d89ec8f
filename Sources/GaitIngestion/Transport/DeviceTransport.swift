/// What a link to a sensor node delivers.
public enum TransportEvent: Sendable, Equatable {
    /// Bytes as they arrived, in any chunking (frames may be split or joined arbitrarily).
    case bytes([UInt8])
    /// The link ended; nothing follows on this stream.
    case disconnected(DisconnectReason)
}

public enum DisconnectReason: Sendable, Equatable, CustomStringConvertible {
    /// `close()` was called.
    case closedByHost
    /// The device went away (USB unplug, LIBUSB_ERROR_NO_DEVICE, a serial port that vanished).
    case unplugged
    /// The other end closed the stream (a pty whose writer exited, a file's end).
    case endOfStream
    /// An I/O error that ends the link.
    case failed(String)

    public var description: String {
        switch self {
        case .closedByHost: "closed by the host"
        case .unplugged: "the device was unplugged"
        case .endOfStream: "the other end closed the link"
        case .failed(let message): "I/O error: \(message)"
        }
    }
}

/// Why a transport could not be opened or written.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The port or USB device concerned.
    public var device: String
    /// What was being done ("open", "set 921600 baud", "claim interface 2", "write").
    public var operation: String
    /// What went wrong and, where known, what to do.
    public var message: String

    public init(device: String, operation: String, message: String) {
        self.device = device
        self.operation = operation
        self.message = message
    }

    public var description: String { "\(device): \(operation): \(message)" }
}

/// The seam between the decoder and a physical link: bytes in, commands out, an end event.
///
/// Implementations: `SerialTransport` (libserialport, any CDC-ACM or UART port),
/// `FileDescriptorTransport` (a pty or any readable descriptor), `USBBulkTransport` (libusb,
/// the vendor interface). `events` is a single-consumer stream that ends after
/// `.disconnected`.
public protocol DeviceTransport: AnyObject, Sendable {
    /// The device as people will recognise it (a port path, "usb 1-3 serial …").
    var name: String { get }
    var events: AsyncStream<TransportEvent> { get }
    /// Sends bytes (a whole command frame); throws if the link cannot take them.
    func send(_ bytes: [UInt8]) throws(TransportError)
    /// Ends the link; `events` then delivers `.disconnected(.closedByHost)` (unless it already ended).
    func close()
}

extension DeviceTransport {
    /// Sends a command as one frame, preceded by a 0x00 that ends whatever partial frame the
    /// node holds (PROTOCOL.md section 2, step 1).
    public func send(_ command: HostCommand, sequence: UInt32) throws(TransportError) {
        try send([WireProtocol.delimiter] + command.wireBytes(sequence: sequence, hostTimeUs: HostClock.nowUs()))
    }
}
