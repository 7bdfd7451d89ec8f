import CLibSerialPort
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A node on a serial port (USB CDC-ACM `/dev/ttyACM*`, a UART adapter), through libserialport.
///
/// libserialport opens and configures the port (921600 baud, 8N1, no flow control — a CDC-ACM
/// node ignores line coding, a UART needs it, PROTOCOL.md section 11); its descriptor is then
/// read by `FileDescriptorTransport` through a Dispatch read source.
public enum SerialTransport {
    /// Default line rate, baud.
    public static let defaultBaudRate: Int32 = 921_600

    /// Opens and configures `portName`; the transport owns the port and closes it.
    public static func open(portName: String, baudRate: Int32 = defaultBaudRate) throws(TransportError) -> FileDescriptorTransport {
        var portPointer: OpaquePointer?
        func fail(_ operation: String, _ hint: String = "") -> TransportError {
            TransportError(device: portName, operation: operation, message: lastErrorMessage() + hint)
        }
        guard sp_get_port_by_name(portName, &portPointer) == SP_OK, let port = portPointer else {
            throw fail("find port", " (is it plugged in? `gait devices` lists the ports)")
        }
        guard sp_open(port, SP_MODE_READ_WRITE) == SP_OK else {
            sp_free_port(port)
            throw fail("open", " (on Linux, is the user in the dialout group? is another program holding the port?)")
        }
        let steps: [(String, () -> sp_return)] = [
            ("set \(baudRate) baud", { sp_set_baudrate(port, baudRate) }),
            ("set 8 data bits", { sp_set_bits(port, 8) }),
            ("set no parity", { sp_set_parity(port, SP_PARITY_NONE) }),
            ("set 1 stop bit", { sp_set_stopbits(port, 1) }),
            ("set no flow control", { sp_set_flowcontrol(port, SP_FLOWCONTROL_NONE) }),
        ]
        for (operation, step) in steps where step() != SP_OK {
            let error = fail(operation)
            sp_close(port)
            sp_free_port(port)
            throw error
        }
        var descriptor: Int32 = -1
        guard sp_get_port_handle(port, &descriptor) == SP_OK, descriptor >= 0 else {
            let error = fail("get the port's file descriptor")
            sp_close(port)
            sp_free_port(port)
            throw error
        }
        let handle = SerialPortHandle(port: port)
        return FileDescriptorTransport(descriptor: descriptor, name: portName, onClose: { handle.closeAndFree() })
    }

    /// `open`, or — for a terminal libserialport refuses (a pseudo-terminal such as the virtual
    /// node's `/dev/pts/N` has no `/sys/class/tty` entry) — the terminal opened directly, without
    /// line settings (a pty has no baud rate). `note` says when the fallback was taken.
    public static func openPortOrTerminal(path: String) throws(TransportError) -> (transport: FileDescriptorTransport, note: String?) {
        do {
            return (try open(portName: path), nil)
        } catch {
            let descriptor = POSIXCalls.openDescriptor(path, O_RDWR | O_NOCTTY | O_NONBLOCK)
            guard descriptor >= 0 else {
                throw TransportError(device: path, operation: "open", message: "\(error.message); open(2): \(String(cString: strerror(errno)))")
            }
            guard isatty(descriptor) != 0 else {
                POSIXCalls.closeDescriptor(descriptor)
                throw error
            }
            return (FileDescriptorTransport(descriptor: descriptor, name: path),
                    "libserialport does not accept this terminal (a pseudo-terminal has no /sys/class/tty entry); opened it directly, without line settings")
        }
    }

    static func lastErrorMessage() -> String {
        guard let message = sp_last_error_message() else { return "unknown error" }
        defer { sp_free_error_message(message) }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// An open libserialport port, handed to the read source's cancel handler.
///
/// `@unchecked Sendable`, and why that is safe: after `SerialTransport.open` returns, the
/// pointer is used exactly once, by `closeAndFree`, which only the transport's cancel handler
/// calls — once, after the last read, on the transport's serial queue.
private struct SerialPortHandle: @unchecked Sendable {
    let port: OpaquePointer

    func closeAndFree() {
        sp_close(port)
        sp_free_port(port)
    }
}
