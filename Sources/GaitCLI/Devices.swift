import ArgumentParser
import Foundation
import GaitIngestion

extension Gait {
    /// `gait devices`: what is connected, and what each sensor node says it is.
    struct Devices: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List serial ports and USB sensor nodes, and ask each node what it is.",
            discussion: """
                Lists every serial port (name, description, USB VID:PID) and every USB device with \
                the sensor node's VID:PID (1209:0001, PROTOCOL.md section 11). Each port or USB \
                device that is a sensor node, and each --port given, is sent GET_DESCRIPTOR; the \
                node's answer is printed: device id, firmware, kind, placement, rate and ranges. \
                Other ports are listed but never written to. With nothing connected it says so \
                and exits 0. Needs libserialport and libusb-1.0 (Debian: libserialport0, libusb-1.0-0).
                """)

        @Option(name: .customLong("port"), help: ArgumentHelp(
            "Also ask this serial port or terminal (e.g. the virtual node's /dev/pts/N). Repeatable.", valueName: "path"))
        var ports: [String] = []

        @Option(name: .customLong("timeout-ms"), help: "How long to wait for each node's DESCRIPTOR, in ms.")
        var timeoutMs = 600

        func validate() throws {
            guard (50...10_000).contains(timeoutMs) else {
                throw ValidationError("--timeout-ms must be between 50 and 10000 (got \(timeoutMs))")
            }
            for port in ports where !FileManager.default.fileExists(atPath: port) {
                throw ValidationError("--port \(port): no such file (is the node plugged in, is the virtual node running?)")
            }
        }

        func run() throws {
            print(DeviceListing.make(extraPorts: ports, timeoutMs: timeoutMs), terminator: "")
        }
    }
}

/// What `gait devices` prints.
enum DeviceListing {
    static func make(extraPorts: [String], timeoutMs: Int) -> String {
        var lines: [String] = []
        let serialPorts = DeviceDiscovery.serialPorts()
        if serialPorts.isEmpty {
            lines.append("No serial ports found.")
        } else {
            lines.append("Serial ports:")
            for port in serialPorts {
                var line = "  " + port.name.padded(18) + " " + (port.description.isEmpty ? "-" : port.description)
                if let vendor = port.usbVendorID, let product = port.usbProductID {
                    line += String(format: "  USB %04x:%04x", vendor, product)
                }
                if let serial = port.usbSerial { line += "  serial \(serial)" }
                if port.isSensorNode { line += "  (sensor node)" }
                lines.append(line)
            }
        }
        let usbNodes = DeviceDiscovery.usbNodes()
        let identity = String(format: "%04x:%04x", NodeUSBIdentity.vendorID, NodeUSBIdentity.productID)
        if usbNodes.isEmpty {
            lines.append("No USB devices \(identity) found.")
        } else {
            lines.append("USB devices \(identity) (vendor bulk interface \(NodeUSBIdentity.bulkInterface)):")
            for node in usbNodes {
                var line = "  \(node.name)"
                if let product = node.product { line += "  \(product)" }
                if let serial = node.serialNumber { line += "  serial \(serial)" }
                if let problem = node.openProblem { line += "  (cannot open: \(problem); check permissions or a udev rule)" }
                lines.append(line)
            }
        }

        // Ask: sensor-node ports, the USB nodes not already asked through a port, and --port paths.
        var answers: [String] = []
        let askedSerials = Set(serialPorts.filter(\.isSensorNode).compactMap(\.usbSerial))
        for path in serialPorts.filter(\.isSensorNode).map(\.name) + extraPorts {
            do {
                let (transport, note) = try SerialTransport.openPortOrTerminal(path: path)
                answers.append(describe(path, DeviceProbe.describeWaiting(transport, timeoutMs: timeoutMs), note: note))
            } catch {
                answers.append("  \(path): cannot open: \(error.description)")
            }
        }
        for node in usbNodes where node.openProblem == nil && !(node.serialNumber.map(askedSerials.contains) ?? false) {
            do {
                let transport = try USBBulkTransport.open(busNumber: node.busNumber, address: node.address)
                answers.append(describe(node.name, DeviceProbe.describeWaiting(transport, timeoutMs: timeoutMs), note: nil))
            } catch {
                answers.append("  \(node.name): cannot open: \(error.description)")
            }
        }
        lines.append("")
        if answers.isEmpty {
            lines.append("No sensor nodes found. Plug a node in over USB, or give --port PATH for a serial port or the virtual node's pty.")
        } else {
            lines.append("Sensor nodes:")
            lines += answers
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ device: String, _ outcome: DeviceProbe.Outcome, note: String?) -> String {
        var text: String
        switch outcome {
        case .descriptor(let descriptor): text = "  \(device): " + summary(descriptor)
        case .noAnswer(let why): text = "  \(device): no DESCRIPTOR (\(why))"
        case .failed(let why): text = "  \(device): \(why)"
        }
        if let note { text += "\n    note: \(note)" }
        return text
    }

    /// One line: id, firmware, kind, placement, rate, ranges with their exact scales.
    static func summary(_ descriptor: NodeDescriptor) -> String {
        var parts = ["device \(descriptor.deviceIDText)", "firmware \(descriptor.firmwareVersionText)", descriptor.kind.name,
                     "placement \(descriptor.placement?.rawValue ?? "not set")",
                     String(format: "%g Hz", descriptor.nominalRateHz)]
        switch descriptor.kind {
        case .imu:
            if let accel = descriptor.accelScaleG, let gyro = descriptor.gyroScaleDps {
                parts.append(String(format: "±%g g (%u/%u g per count)", Double(descriptor.accelFullScaleMg) / 1000, accel.numerator, accel.denominator))
                parts.append(String(format: "±%g °/s (%u/%u °/s per count)", Double(descriptor.gyroFullScaleMdps) / 1000, gyro.numerator, gyro.denominator))
            }
        case .insole:
            parts.append("\(descriptor.channelCount) cells")
            if let pressure = descriptor.pressureScaleKPa {
                parts.append("\(pressure.numerator)/\(pressure.denominator) kPa per count")
            }
        }
        return parts.joined(separator: ", ")
    }
}
