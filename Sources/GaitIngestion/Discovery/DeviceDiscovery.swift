import CLibSerialPort
import CLibUSB
import Foundation

/// A serial port as libserialport enumerates it.
public struct SerialPortInfo: Sendable, Equatable {
    public var name: String
    public var description: String
    /// USB identity, for a port on a USB device (CDC-ACM, a USB-UART bridge).
    public var usbVendorID: UInt16?
    public var usbProductID: UInt16?
    public var usbSerial: String?

    /// A port whose USB VID:PID is the sensor node's (PROTOCOL.md section 11).
    public var isSensorNode: Bool { usbVendorID == NodeUSBIdentity.vendorID && usbProductID == NodeUSBIdentity.productID }
}

/// A USB device with the sensor node's VID:PID, as libusb enumerates it.
public struct USBNodeInfo: Sendable, Equatable {
    public var busNumber: UInt8
    public var address: UInt8
    public var vendorID: UInt16
    public var productID: UInt16
    /// iSerialNumber: the DESCRIPTOR's device id in 16 hex digits; nil if the device could not be opened.
    public var serialNumber: String?
    public var product: String?
    /// Why the device could not be opened to read its strings (permissions, busy).
    public var openProblem: String?

    public var name: String { String(format: "usb %03d/%03d", busNumber, address) }
}

/// Lists what is connected: serial ports and USB sensor nodes.
public enum DeviceDiscovery {
    /// Every serial port libserialport finds (an empty list when there are none or it fails).
    public static func serialPorts() -> [SerialPortInfo] {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        guard sp_list_ports(&list) == SP_OK, let list else { return [] }
        defer { sp_free_port_list(list) }
        var ports: [SerialPortInfo] = []
        var index = 0
        while let port = list[index] {
            index += 1
            var info = SerialPortInfo(name: string(sp_get_port_name(port)) ?? "?", description: string(sp_get_port_description(port)) ?? "")
            if sp_get_port_transport(port) == SP_TRANSPORT_USB {
                var vendor: Int32 = 0, product: Int32 = 0
                if sp_get_port_usb_vid_pid(port, &vendor, &product) == SP_OK {
                    info.usbVendorID = UInt16(truncatingIfNeeded: vendor)
                    info.usbProductID = UInt16(truncatingIfNeeded: product)
                }
                info.usbSerial = string(sp_get_port_usb_serial(port))
            }
            ports.append(info)
        }
        return ports.sorted { $0.name < $1.name }
    }

    /// USB devices with the sensor node's VID:PID.
    public static func usbNodes(vendorID: UInt16 = NodeUSBIdentity.vendorID, productID: UInt16 = NodeUSBIdentity.productID)
        -> [USBNodeInfo]
    {
        var contextPointer: OpaquePointer?
        guard libusb_init(&contextPointer) == 0, let context = contextPointer else { return [] }
        defer { libusb_exit(context) }
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context, &list)
        defer { if let list { libusb_free_device_list(list, 1) } }
        var nodes: [USBNodeInfo] = []
        for index in 0..<max(0, count) {
            guard let device = list?[index] else { continue }
            var descriptor = libusb_device_descriptor()
            guard libusb_get_device_descriptor(device, &descriptor) == 0, descriptor.idVendor == vendorID,
                  descriptor.idProduct == productID else { continue }
            var node = USBNodeInfo(busNumber: libusb_get_bus_number(device), address: libusb_get_device_address(device),
                                   vendorID: vendorID, productID: productID)
            var handle: OpaquePointer?
            let result = libusb_open(device, &handle)
            if result == 0, let handle {
                node.serialNumber = stringDescriptor(handle, descriptor.iSerialNumber)
                node.product = stringDescriptor(handle, descriptor.iProduct)
                libusb_close(handle)
            } else {
                node.openProblem = USBError.text(result)
            }
            nodes.append(node)
        }
        return nodes
    }

    private static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func stringDescriptor(_ handle: OpaquePointer, _ index: UInt8) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = libusb_get_string_descriptor_ascii(handle, index, &buffer, Int32(buffer.count))
        return length > 0 ? String(decoding: buffer[0..<Int(length)], as: UTF8.self) : nil
    }
}
