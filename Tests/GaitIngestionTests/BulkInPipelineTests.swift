import Foundation
import Synchronization
import Testing
@testable import GaitIngestion

/// The USB bulk IN path at its seam: a fake transfer source plays the firmware's stream as a
/// device controller would send it — packets of 64 bytes (full speed) or 512 (high speed), a
/// short packet ending each write, a transfer completing when full or on a short packet — into
/// the same `BulkInPipeline` that libusb's callbacks drive in `USBBulkTransport`.
@Suite("USB bulk IN pipeline")
struct BulkInPipelineTests {
    /// Records what the pipeline asks of libusb.
    final class FakeTransferSource: Sendable {
        let submitted = Mutex<[Int]>([])
        let unplugged = Mutex(false)
        let cancelCalls = Mutex(0)

        func makePipeline(transfers: Int = USBBulkTransport.transfersInFlight) -> BulkInPipeline {
            BulkInPipeline(name: "usb 001/004", transfersInFlight: transfers, submit: { slot in
                if self.unplugged.withLock({ $0 }) { return .noDevice }
                self.submitted.withLock { $0.append(slot) }
                return .submitted
            }, cancelAll: { self.cancelCalls.withLock { $0 += 1 } })
        }

        /// The oldest submitted transfer: libusb completes a queue of transfers on one endpoint in order.
        func nextSlot() -> Int? { submitted.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
    }

    /// The device's packets: the stream cut into writes of random size (as the firmware hands
    /// bytes to its USB stack), each write sent as full packets and one short one.
    static func packets(_ stream: [UInt8], packetBytes: Int, seed: UInt64) -> [[UInt8]] {
        var generator = SplitMix64(seed: seed)
        var packets: [[UInt8]] = []
        var position = 0
        while position < stream.count {
            let write = min(stream.count - position, Int.random(in: 1...3000, using: &generator))
            var offset = 0
            while offset < write {
                let size = min(packetBytes, write - offset)
                packets.append(Array(stream[(position + offset)..<(position + offset + size)]))
                offset += size
            }
            position += write
        }
        return packets
    }

    /// Completes transfers with packets until `packets` is used up (or `limitBytes` reached).
    static func play(_ packets: [[UInt8]], packetBytes: Int, into pipeline: BulkInPipeline, source: FakeTransferSource,
                     limitBytes: Int = .max) -> (delivered: Int, transfers: Int) {
        var index = 0, delivered = 0, transfers = 0
        while index < packets.count && delivered < limitBytes, let slot = source.nextSlot() {
            var transfer: [UInt8] = []
            while index < packets.count && transfer.count + packetBytes <= USBBulkTransport.transferBytes && delivered + transfer.count < limitBytes {
                let packet = packets[index]
                let room = limitBytes - delivered - transfer.count
                transfer += packet.prefix(room)
                index += 1
                if packet.count < packetBytes || packet.count > room { break }  // a short packet ends the transfer
            }
            #expect(pipeline.transfersInFlight == USBBulkTransport.transfersInFlight)
            pipeline.transferCompleted(slot: slot, status: .completed, bytes: transfer)
            delivered += transfer.count
            transfers += 1
        }
        return (delivered, transfers)
    }

    static func drain(_ pipeline: BulkInPipeline, decoder: inout DeviceStreamDecoder) async -> (DecodedStream, [DisconnectReason]) {
        var result = DecodedStream()
        var ends: [DisconnectReason] = []
        for await event in pipeline.events {
            switch event {
            case .bytes(let bytes):
                #expect(ends.isEmpty, "bytes after the end")
                decoder.push(bytes) { result.collect($0) }
            case .disconnected(let reason):
                ends.append(reason)
                if let last = decoder.finish() { result.collect(last) }
            }
        }
        result.counts = decoder.counts
        return (result, ends)
    }

    @Test(arguments: [64, 512])
    func packetsReassembleIntoTheSessionSamples(packetBytes: Int) async throws {
        let stream = try FirmwareStreams.stream(session: "run-all-sensors", sensor: "right_foot")
        let source = FakeTransferSource()
        let pipeline = source.makePipeline()
        #expect(pipeline.start())
        let played = Self.play(Self.packets(stream, packetBytes: packetBytes, seed: UInt64(packetBytes)), packetBytes: packetBytes,
                               into: pipeline, source: source)
        #expect(played.delivered == stream.count && pipeline.bytesDelivered == Int64(stream.count))
        // The host closes: outstanding transfers are cancelled and come back cancelled.
        pipeline.stop()
        while let slot = source.nextSlot() { pipeline.transferCompleted(slot: slot, status: .cancelled, bytes: []) }
        #expect(pipeline.isFinished && source.cancelCalls.withLock { $0 } == 1)
        var decoder = DeviceStreamDecoder(deviceName: pipeline.name)
        let (decoded, ends) = await Self.drain(pipeline, decoder: &decoder)
        #expect(ends == [.closedByHost])
        _ = try DecoderAgainstFirmwareTests.expectMatchesSession(decoded, session: "run-all-sensors", sensor: "right_foot")
        #expect(decoded.problems.isEmpty && decoded.counts.framesLost == 0)
        print("USB \(packetBytes)-byte packets: \(stream.count) bytes in \(played.transfers) transfers, \(decoded.counts.samplesDecoded) samples")
    }

    @Test func unplugMidFrameEndsCleanlyAndCountsThePartialFrame() async throws {
        let stream = try FirmwareStreams.stream(session: "run-all-sensors", sensor: "right_foot")
        // Cut 30 bytes into the 100th frame.
        var delimiters = stream.indices.filter { stream[$0] == 0 }
        delimiters.removeFirst()  // the node's opening 0x00
        let frameStart = delimiters[98] + 1, cut = frameStart + 30
        let source = FakeTransferSource()
        let pipeline = source.makePipeline()
        #expect(pipeline.start())
        let played = Self.play(Self.packets(stream, packetBytes: 64, seed: 3), packetBytes: 64, into: pipeline, source: source,
                               limitBytes: cut)
        #expect(played.delivered == cut)
        // Unplugged: the in-flight transfers come back NO_DEVICE, resubmission fails.
        source.unplugged.withLock { $0 = true }
        while let slot = source.nextSlot() { pipeline.transferCompleted(slot: slot, status: .noDevice, bytes: []) }
        #expect(pipeline.isFinished)
        var decoder = DeviceStreamDecoder(deviceName: pipeline.name)
        let (decoded, ends) = await Self.drain(pipeline, decoder: &decoder)
        #expect(ends == [.unplugged])
        #expect(decoded.problems.map(\.kind) == [.rejectedFrame(.truncated(encodedBytes: 30))])
        #expect(decoded.problems.first?.startOffset == Int64(frameStart) && decoded.counts.framesRejected == 1)
        #expect(decoded.problems.first?.description.hasPrefix("usb 001/004") == true)
        // Every sample before the cut arrived and is right.
        #expect(decoded.indices == Array(0..<UInt32(decoded.indices.count)) && decoded.counts.samplesDecoded > 300)
        let truth = try FirmwareStreams.sessionSamples(session: "run-all-sensors", sensor: "right_foot")
        let missing = Set(UInt32(decoded.indices.count)..<UInt32(truth.timesS.count))
        _ = try DecoderAgainstFirmwareTests.expectMatchesSession(decoded, session: "run-all-sensors", sensor: "right_foot", skipping: missing)
    }

    @Test func submitFailureAtStartEndsTheStream() async {
        let source = FakeTransferSource()
        source.unplugged.withLock { $0 = true }
        let pipeline = source.makePipeline()
        #expect(!pipeline.start())
        var events: [TransportEvent] = []
        for await event in pipeline.events { events.append(event) }
        #expect(events == [.disconnected(.unplugged)] && pipeline.isFinished)
    }
}

/// Opening what is not there gives an error that says what and what to do (no crash, no hang).
@Suite("Opening absent devices")
struct AbsentDeviceTests {
    @Test(.enabled(if: !UmockdevEnvironment.isActive))
    func noUSBNodeIsAClearError() {
        // CI machines have no node 1209:0001 plugged in.
        do {
            _ = try USBBulkTransport.open()
            Issue.record("opened a USB node that should not exist")
        } catch {
            #expect(error.device == "usb 1209:0001" && error.operation == "open")
            #expect(error.message.contains("no such device") && error.message.contains("gait devices"))
        }
    }

    @Test func missingSerialPortIsAClearError() {
        do {
            _ = try SerialTransport.open(portName: "/dev/ttyACM99")
            Issue.record("opened a port that does not exist")
        } catch {
            #expect(error.device == "/dev/ttyACM99" && error.operation == "find port")
            #expect(error.description.contains("is it plugged in?"))
        }
    }
}
