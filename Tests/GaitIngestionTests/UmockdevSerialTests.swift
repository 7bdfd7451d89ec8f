import CUmockdev
import Foundation
import Synchronization
import Testing
@testable import GaitIngestion

/// libserialport for real — enumeration, `sp_open`, 921600 baud 8N1 — on a simulated USB
/// CDC-ACM node: umockdev fakes /sys and /dev (a `ttyACM0` under a USB device 1209:0001) and
/// backs the port with a pty, which a relay joins to the virtual node's pty. So the bytes are
/// the real firmware's, and START goes from `SerialTransport` to the firmware core.
///
/// umockdev redirects /sys and /dev for the whole process (LD_PRELOAD), so this suite runs
/// only in a process started by `umockdev-wrapper`; `LibserialportInItsOwnProcess` starts it
/// (see /work/shared/notes/hardware-testing.md).
@Suite("Serial port through libserialport (under umockdev)", .serialized, .enabled(if: UmockdevEnvironment.isActive))
struct UmockdevSerialTests {
    @Test func enumerationShowsTheNodeWithItsUSBIdentity() throws {
        _ = SimulatedCDCNode.shared
        let ports = DeviceDiscovery.serialPorts()
        let node = try #require(ports.first { $0.name == SimulatedCDCNode.port }, "ports: \(ports)")
        #expect(node.description.hasPrefix("gait sensor node") && node.usbSerial == "0123456789ABCDEF")
        #expect(node.usbVendorID == 0x1209 && node.usbProductID == 0x0001 && node.isSensorNode)
    }

    @Test func streamAndStartCommandThroughLibserialport() async throws {
        let simulated = SimulatedCDCNode.shared
        let node = try VirtualNodeProcess(session: "run-all-sensors", sensor: "left_shank",
                                          arguments: ["--wait-start", "--speed", "10", "--device-id", "0x0123456789ABCDEF"],
                                          environment: UmockdevEnvironment.outside)
        defer { node.stop() }
        let relay = try PtyRelay(nodePty: node.ptyPath, portMaster: simulated.masterDescriptor)
        defer { relay.stop() }

        // What `gait devices` does: GET_DESCRIPTOR through the port, the answer parsed.
        let probe = try SerialTransport.open(portName: SimulatedCDCNode.port)
        guard case .descriptor(let descriptor) = await DeviceProbe.describe(probe) else {
            Issue.record("no DESCRIPTOR through libserialport")
            return
        }
        #expect(descriptor.deviceIDText == "0123456789ABCDEF" && descriptor.placement == .leftShank && descriptor.nominalRateHz == 200)

        // START through the serial transport, at 10× real time; STOP once half the file is in:
        // the node then sends every sample it acquired and a STATUS (PROTOCOL.md section 9, rule 4).
        let truth = try FirmwareStreams.sessionSamples(session: "run-all-sensors", sensor: "left_shank")
        let transport = try SerialTransport.open(portName: SimulatedCDCNode.port)
        try transport.send(.start, sequence: 7)
        let started = HostClock.nowUs()
        let stopSent = Mutex(false)
        let (decoded, _) = await decodeLive(transport, timeoutS: 20) { stream in
            if stream.counts.samplesDecoded >= truth.timesS.count / 2 && !stopSent.withLock({ $0 }) {
                stopSent.withLock { $0 = true }
                try? transport.send(.stop, sequence: 8)
            }
            return stream.statuses.contains { $0.lastCommandType == FrameType.stop.rawValue && !$0.isStreaming }
        }
        let seconds = Double(HostClock.nowUs() - started) / 1e6
        #expect(decoded.statuses.contains { $0.lastCommandType == FrameType.start.rawValue && $0.lastCommandSequence == 7 && $0.lastCommandResult == 0 })
        let stopped = try #require(decoded.statuses.last)
        #expect(stopped.lastCommandType == FrameType.stop.rawValue && stopped.lastCommandSequence == 8 && !stopped.isStreaming)
        // Every sample the node acquired arrived or was reported missing, each that arrived equal
        // to its CSV row. (On a loaded machine the reader can fall behind 10× real time; the
        // node's bounded buffer then drops samples and counts them, and the decoder must report
        // exactly that many missing — lost, never silently.)
        let missing = Int(decoded.counts.samplesMissing)
        #expect(decoded.counts.samplesDecoded + missing == Int(stopped.samplesAcquired),
                "decoded \(decoded.counts.samplesDecoded) + missing \(missing) vs acquired \(stopped.samplesAcquired); \(decoded.problems)")
        #expect(missing == Int(stopped.samplesDropped) + Int(stopped.samplesLostAtSensor),
                "missing \(missing) vs the node's dropped \(stopped.samplesDropped) + lost at sensor \(stopped.samplesLostAtSensor)")
        #expect(decoded.counts.samplesDecoded + missing >= truth.timesS.count / 2)
        let notSent = Set(0..<UInt32(truth.timesS.count)).subtracting(decoded.indices)
        let samples = try DecoderAgainstFirmwareTests.expectMatchesSession(decoded, session: "run-all-sensors", sensor: "left_shank",
                                                                           skipping: notSent, clockStartsAtFirstSample: true)
        #expect(decoded.counts.framesLost == 0 && decoded.counts.framesRejected == 0, "\(decoded.problems)")
        #expect(missing > 0 || decoded.problems.isEmpty, "\(decoded.problems)")
        if missing > 0 { print("libserialport under umockdev: the node dropped \(missing) samples under load, all reported: \(decoded.problems)") }
        let recordedS = Double(samples) / descriptor.nominalRateHz
        print(String(format: "libserialport under umockdev: %d samples (%.1f s of recording) in %.2f s, then STOP", samples, recordedS, seconds))
    }
}

/// Runs `UmockdevSerialTests` in a process of its own under `umockdev-wrapper`.
@Suite("libserialport in its own process")
struct LibserialportInItsOwnProcess {
    @Test(.enabled(if: !UmockdevEnvironment.isActive && UmockdevEnvironment.wrapper != nil))
    func runUnderUmockdev() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: UmockdevEnvironment.wrapper!)
        // The test bundle itself, asked for the one suite.
        process.arguments = [CommandLine.arguments[0], "--testing-library", "swift-testing", "--filter", "UmockdevSerialTests"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        for line in text.split(separator: "\n") where line.contains("libserialport under umockdev") || line.contains("✘") {
            print(line)
        }
        #expect(process.terminationStatus == 0, "\(text.suffix(3000))")
        #expect(text.contains("Test enumerationShowsTheNodeWithItsUSBIdentity() passed")
                && text.contains("Test streamAndStartCommandThroughLibserialport() passed")
                && text.contains("Test wholeBodyRecordedThroughLibserialport() passed"), "\(text.suffix(3000))")
    }
}

enum UmockdevEnvironment {
    /// True in a process whose libc calls umockdev intercepts.
    static let isActive = ProcessInfo.processInfo.environment["LD_PRELOAD"]?.contains("libumockdev-preload") == true

    static let wrapper: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        .map { "\($0)/umockdev-wrapper" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The environment for child processes that must see the real /dev (the virtual node).
    static var outside: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = nil
        environment["UMOCKDEV_DIR"] = nil
        return environment
    }
}

/// The simulated nodes: USB devices 1209:0001, each with a CDC-ACM interface and its ttyACMn, as
/// Linux shows them in sysfs (the attributes libserialport reads: idVendor, idProduct, product,
/// manufacturer, serial). Node 0 (`port`, serial 0123456789ABCDEF) is the one the single-node
/// tests use; all `count` of them make a whole body's worth for a live session.
final class SimulatedCDCNode: @unchecked Sendable {
    // @unchecked Sendable: every stored property is immutable after init; the testbed is only
    // kept alive (umockdev's own worker thread serves it), never mutated from Swift.
    static let port = "/dev/ttyACM0"
    static let count = 9
    static let shared = SimulatedCDCNode()

    let testbed: UnsafeMutablePointer<UMockdevTestbed>
    /// The pty master behind /dev/ttyACM0: what the "device" writes and reads.
    var masterDescriptor: Int32 { masterDescriptors[0] }
    /// The pty masters behind /dev/ttyACM0 … ttyACM(count − 1).
    let masterDescriptors: [Int32]

    static func port(_ index: Int) -> String { "/dev/ttyACM\(index)" }

    static func description(_ index: Int) -> String {
        let serial = index == 0 ? "0123456789ABCDEF" : String(format: "00000000000000%02d", index)
        return """
            P: /devices/pci0000:00/usb1/1-\(index + 1)
            E: SUBSYSTEM=usb
            E: DEVTYPE=usb_device
            A: idVendor=1209
            A: idProduct=0001
            A: product=gait sensor node
            A: manufacturer=gait
            A: serial=\(serial)
            A: busnum=1
            A: devnum=\(index + 4)

            P: /devices/pci0000:00/usb1/1-\(index + 1)/1-\(index + 1):1.0
            E: SUBSYSTEM=usb
            E: DEVTYPE=usb_interface
            E: DRIVER=cdc_acm
            A: bInterfaceNumber=00

            P: /devices/pci0000:00/usb1/1-\(index + 1)/1-\(index + 1):1.0/tty/ttyACM\(index)
            N: ttyACM\(index)
            E: SUBSYSTEM=tty
            E: DEVNAME=/dev/ttyACM\(index)
            A: dev=166:\(index)
            L: device=../../../1-\(index + 1):1.0

            """
    }

    private init() {
        testbed = umockdev_testbed_new()
        var masters: [Int32] = []
        for index in 0..<Self.count {
            var error: UnsafeMutablePointer<GError>?
            precondition(umockdev_testbed_add_from_string(testbed, Self.description(index), &error) != 0,
                         "umockdev: the device description of ttyACM\(index) was refused")
            // sp_open asks for the modem lines (TIOCMGET …), which a pty does not answer: a handler does.
            let handler = umockdev_ioctl_base_new()
            g_signal_connect_data(UnsafeMutableRawPointer(handler), "handle-ioctl", unsafeBitCast(modemLineIoctl, to: GCallback.self),
                                  nil, nil, GConnectFlags(rawValue: 0))
            precondition(umockdev_testbed_attach_ioctl(testbed, Self.port(index), handler, &error) != 0, "umockdev: attach_ioctl failed")
            masters.append(umockdev_testbed_get_dev_fd(testbed, Self.port(index)))
        }
        masterDescriptors = masters
    }
}

/// Answers the modem-line ioctls (DSR, CTS and carrier up); every other request runs natively
/// on the pty (completing with −100 tells umockdev so; returning false would give ENOTTY).
private let modemLineIoctl: @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<UMockdevIoctlClient>?, gpointer?) -> gboolean = { _, client, _ in
    guard let client else { return 0 }
    let request = umockdev_ioctl_client_get_request(client)
    switch request {
    case UInt(TIOCMGET):
        var error: UnsafeMutablePointer<GError>?
        guard let value = umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0, gsize(MemoryLayout<Int32>.size), &error) else {
            return 0
        }
        value.pointee.data.withMemoryRebound(to: Int32.self, capacity: 1) { $0.pointee = TIOCM_DSR | TIOCM_CTS | TIOCM_CAR }
        umockdev_ioctl_client_complete(client, 0, 0)
    case UInt(TIOCMSET), UInt(TIOCMBIS), UInt(TIOCMBIC):
        umockdev_ioctl_client_complete(client, 0, 0)
    default:
        umockdev_ioctl_client_complete(client, -100, 0)
    }
    return 1
}

/// Copies bytes both ways between the virtual node's pty and the simulated port's pty master.
final class PtyRelay: Sendable {
    final class Flag: Sendable {
        let value = Atomic<Bool>(true)
        let toPort = Atomic<Int>(0)
        let blocked = Atomic<Int>(0)
    }
    var bytesToPort: Int { running.toPort.load(ordering: .relaxed) }
    var blockedWrites: Int { running.blocked.load(ordering: .relaxed) }

    private let running = Flag()
    private let finished = DispatchSemaphore(value: 0)

    init(nodePty: String, portMaster: Int32) throws {
        let node = open(nodePty, O_RDWR | O_NOCTTY | O_NONBLOCK)
        guard node >= 0 else { throw TestFailure("open \(nodePty): \(String(cString: strerror(errno)))") }
        _ = fcntl(portMaster, F_SETFL, fcntl(portMaster, F_GETFL) | O_NONBLOCK)
        let thread = Thread { [running, finished] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            var descriptors = [pollfd(fd: node, events: Int16(POLLIN), revents: 0), pollfd(fd: portMaster, events: Int16(POLLIN), revents: 0)]
            while running.value.load(ordering: .relaxed) {
                guard poll(&descriptors, 2, 50) > 0 else { continue }
                for (from, to) in [(node, portMaster), (portMaster, node)] {
                    let got = buffer.withUnsafeMutableBytes { read(from, $0.baseAddress, 4096) }
                    guard got > 0 else { continue }
                    if from == node { running.toPort.add(got, ordering: .relaxed) }
                    var sent = 0
                    while sent < got {
                        let wrote = buffer.withUnsafeBytes { write(to, $0.baseAddress! + sent, got - sent) }
                        if wrote > 0 { sent += wrote } else { running.blocked.add(1, ordering: .relaxed); usleep(200) }
                    }
                }
            }
            close(node)
            finished.signal()
        }
        thread.start()
    }

    func stop() {
        running.value.store(false, ordering: .relaxed)
        finished.wait()
    }
}
