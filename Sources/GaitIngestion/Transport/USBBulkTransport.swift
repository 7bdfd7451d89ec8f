import CLibUSB
import Foundation
import Synchronization

/// A sensor node on its vendor bulk interface (PROTOCOL.md section 11: interface 2, bulk OUT
/// 0x03, bulk IN 0x83), through libusb's asynchronous API.
///
/// `transfersInFlight` bulk IN transfers stay submitted (`BulkInPipeline`); one thread per
/// transport runs libusb's event loop (`libusb_handle_events_timeout_completed`, which sleeps
/// in poll(2) until a transfer completes — no busy polling) and calls the completion callbacks.
/// Unplugging shows as LIBUSB_TRANSFER_NO_DEVICE or LIBUSB_ERROR_NO_DEVICE and ends the stream
/// with `.unplugged`; the thread then waits for every transfer to come back before freeing them.
///
/// `@unchecked Sendable`, and why that is safe: every stored property is an immutable `let`
/// set in `init`. The libusb pointers are used from several threads only through calls libusb
/// documents as thread-safe (submit, cancel, synchronous bulk OUT while another thread handles
/// events: libusb API docs, "Multi-threaded applications and asynchronous I/O"); they are
/// freed only by the event thread, after the last transfer came back, under `handleLock`,
/// which `send` also holds (and checks) while it uses the handle.
public final class USBBulkTransport: DeviceTransport, @unchecked Sendable {
    public let name: String
    public var events: AsyncStream<TransportEvent> { pipeline.events }

    /// Transfers kept in flight, and the bytes each holds (a multiple of 512, the high-speed
    /// bulk packet; a transfer completes early on a short packet).
    public static let transfersInFlight = 4
    public static let transferBytes = 16 * 512
    /// Longest wait for a command to be taken by the node, ms.
    static let sendTimeoutMs: UInt32 = 1000

    private let context: OpaquePointer
    private let handle: OpaquePointer
    private let transfers: [UnsafeMutablePointer<libusb_transfer>]
    private let buffer: UnsafeMutablePointer<UInt8>
    private let pipeline: BulkInPipeline
    /// One per transfer, passed to libusb as user_data; released with the transfers.
    private let callbackBoxes: [Unmanaged<CallbackBox>]
    /// True once the handle has been closed; held while `send` uses the handle.
    private let handleLock = Mutex(false)

    /// What the C completion callback needs: the pipeline and which slot a transfer is.
    final class CallbackBox: Sendable {
        let pipeline: BulkInPipeline
        let slot: Int
        init(pipeline: BulkInPipeline, slot: Int) {
            self.pipeline = pipeline
            self.slot = slot
        }
    }

    /// Opens the first node matching `vendorID:productID` (and `busNumber`/`address` if given),
    /// claims interface 2 and starts streaming into `events`.
    public static func open(busNumber: UInt8? = nil, address: UInt8? = nil,
                            vendorID: UInt16 = NodeUSBIdentity.vendorID,
                            productID: UInt16 = NodeUSBIdentity.productID) throws(TransportError) -> USBBulkTransport {
        var contextPointer: OpaquePointer?
        let label = String(format: "usb %04x:%04x", vendorID, productID)
        guard libusb_init(&contextPointer) == 0, let context = contextPointer else {
            throw TransportError(device: label, operation: "libusb_init", message: "libusb could not start")
        }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        defer { if let list { libusb_free_device_list(list, 1) } }
        var opened: (OpaquePointer, String)?
        var lastError = "no such device (plugged in? `gait devices` lists what is connected)"
        for index in 0..<max(0, count) {
            guard let device = list?[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &descriptor) == 0,
                  descriptor.idVendor == vendorID, descriptor.idProduct == productID else { continue }
            let bus = libusb_get_bus_number(device), deviceAddress = libusb_get_device_address(device)
            if let busNumber, busNumber != bus { continue }
            if let address, address != deviceAddress { continue }
            var handlePointer: OpaquePointer?
            let result = libusb_open(device, &handlePointer)
            guard result == 0, let handle = handlePointer else {
                lastError = "libusb_open: \(USBError.text(result))" + (result == Int32(LIBUSB_ERROR_ACCESS.rawValue)
                    ? " (add a udev rule for 1209:0001 or run with permission to /dev/bus/usb)" : "")
                continue
            }
            opened = (handle, String(format: "usb %03d/%03d", bus, deviceAddress))
            break
        }
        guard let (handle, deviceName) = opened else {
            libusb_exit(context)
            throw TransportError(device: label, operation: "open", message: lastError)
        }
        _ = libusb_set_auto_detach_kernel_driver(handle, 1)
        let claim = libusb_claim_interface(handle, NodeUSBIdentity.bulkInterface)
        guard claim == 0 else {
            libusb_close(handle)
            libusb_exit(context)
            throw TransportError(device: deviceName, operation: "claim interface \(NodeUSBIdentity.bulkInterface)",
                                 message: USBError.text(claim) + " (is another program using the node?)")
        }
        return USBBulkTransport(context: context, handle: handle, name: deviceName)
    }

    private init(context: OpaquePointer, handle: OpaquePointer, name: String) {
        self.context = context
        self.handle = handle
        self.name = name
        let count = Self.transfersInFlight
        buffer = .allocate(capacity: count * Self.transferBytes)
        transfers = (0..<count).map { _ in libusb_alloc_transfer(0)! }
        let transferList = TransferList(transfers: transfers)
        let pipeline = BulkInPipeline(
            name: name, transfersInFlight: count,
            submit: { slot in
                let result = libusb_submit_transfer(transferList.transfers[slot])
                if result == 0 { return .submitted }
                if result == Int32(LIBUSB_ERROR_NO_DEVICE.rawValue) { return .noDevice }
                return .failed(USBError.text(result))
            },
            cancelAll: {
                // Cancelling a transfer that is not in flight returns NOT_FOUND: harmless.
                for transfer in transferList.transfers { _ = libusb_cancel_transfer(transfer) }
            })
        self.pipeline = pipeline
        let boxes = (0..<count).map { Unmanaged.passRetained(CallbackBox(pipeline: pipeline, slot: $0)) }
        callbackBoxes = boxes
        for (slot, transfer) in transfers.enumerated() {
            // Timeout 0: a bulk IN transfer waits for the node as long as it takes.
            libusb_fill_bulk_transfer(transfer, handle, NodeUSBIdentity.bulkInEndpoint, buffer + slot * Self.transferBytes,
                                      Int32(Self.transferBytes), usbBulkInCallback, boxes[slot].toOpaque(), 0)
        }
        if pipeline.start() {
            let thread = Thread { [self] in runEventLoop() }
            thread.name = "gait.usb.\(name)"
            thread.start()
        } else {
            release()
        }
    }

    /// The event thread: handles libusb events until the stream ended and every transfer is back.
    private func runEventLoop() {
        while !pipeline.isFinished {
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            let result = libusb_handle_events_timeout_completed(context, &timeout, nil)
            if result < 0 && result != Int32(LIBUSB_ERROR_INTERRUPTED.rawValue) {
                pipeline.fail(.failed("libusb event handling: \(USBError.text(result))"))
            }
        }
        release()
    }

    private func release() {
        handleLock.withLock { closed in
            guard !closed else { return }
            closed = true
            for transfer in transfers { libusb_free_transfer(transfer) }
            _ = libusb_release_interface(handle, NodeUSBIdentity.bulkInterface)
            libusb_close(handle)
            libusb_exit(context)
            buffer.deallocate()
            for box in callbackBoxes { box.release() }
        }
    }

    public func send(_ bytes: [UInt8]) throws(TransportError) {
        let failure: String? = handleLock.withLock { closed in
            guard !closed else { return "the link is closed" }
            var data = bytes
            var transferred: Int32 = 0
            let result = libusb_bulk_transfer(handle, NodeUSBIdentity.bulkOutEndpoint, &data, Int32(data.count), &transferred,
                                              Self.sendTimeoutMs)
            if result != 0 { return USBError.text(result) }
            return transferred == Int32(bytes.count) ? nil : "the node took \(transferred) of \(bytes.count) bytes"
        }
        if let failure {
            throw TransportError(device: name, operation: "bulk OUT \(bytes.count) bytes to endpoint 0x03", message: failure)
        }
    }

    public func close() {
        pipeline.stop()
    }
}

/// The transfers, for the pipeline's submit and cancel closures.
///
/// `@unchecked Sendable`, and why that is safe: libusb_submit_transfer and
/// libusb_cancel_transfer may be called from any thread (libusb API docs, "Multi-threaded
/// applications and asynchronous I/O"), and the transfers are freed only after the pipeline
/// has ended, once no transfer is in flight, when neither closure is called again.
private struct TransferList: @unchecked Sendable {
    let transfers: [UnsafeMutablePointer<libusb_transfer>]
}

/// libusb's completion callback: runs on the transport's event thread.
private let usbBulkInCallback: libusb_transfer_cb_fn = { transfer in
    guard let transfer, let userData = transfer.pointee.user_data else { return }
    let box = Unmanaged<USBBulkTransport.CallbackBox>.fromOpaque(userData).takeUnretainedValue()
    let bytes = Array(UnsafeBufferPointer(start: transfer.pointee.buffer, count: Int(transfer.pointee.actual_length)))
    box.pipeline.transferCompleted(slot: box.slot, status: USBError.status(transfer.pointee.status), bytes: bytes)
}

enum USBError {
    static func text(_ code: Int32) -> String {
        guard let name = libusb_strerror(code) else { return "libusb error \(code)" }
        return String(cString: name)
    }

    static func status(_ status: libusb_transfer_status) -> BulkTransferStatus {
        switch status {
        case LIBUSB_TRANSFER_COMPLETED: .completed
        case LIBUSB_TRANSFER_TIMED_OUT: .timedOut
        case LIBUSB_TRANSFER_CANCELLED: .cancelled
        case LIBUSB_TRANSFER_STALL: .stall
        case LIBUSB_TRANSFER_NO_DEVICE: .noDevice
        case LIBUSB_TRANSFER_OVERFLOW: .overflow
        default: .error
        }
    }
}
