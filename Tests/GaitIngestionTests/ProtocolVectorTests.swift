import Foundation
import GaitCore
import Testing
@testable import GaitIngestion

/// The decoder against PROTOCOL.md's own test vectors and the values its text states.
@Suite("Protocol vectors (PROTOCOL.md section 12)")
struct ProtocolVectorTests {
    /// Hex blocks of PROTOCOL.md keyed by "vector-payload: NAME" / "vector-wire: NAME".
    static let vectors: [String: [UInt8]] = {
        let text = (try? String(contentsOf: FirmwareStreams.firmware.appendingPathComponent("PROTOCOL.md"), encoding: .utf8)) ?? ""
        var result: [String: [UInt8]] = [:]
        var key: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("vector-payload: ") || line.hasPrefix("vector-wire: ") {
                key = String(line)
                result[key!] = []
            } else if line.hasPrefix("```") {
                key = nil
            } else if let current = key {
                result[current]! += line.split(separator: " ").map { UInt8($0, radix: 16)! }
            }
        }
        return result
    }()

    static func payload(_ name: String) -> [UInt8] { vectors["vector-payload: \(name)"] ?? [] }
    static func wire(_ name: String) -> [UInt8] { vectors["vector-wire: \(name)"] ?? [] }

    @Test func crcCheckValueAndVectors() {
        // The catalogue's check value: CRC-32/ISO-HDLC of ASCII "123456789".
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        // PROTOCOL.md section 12 states each payload's CRC.
        let stated: [String: UInt32] = ["descriptor-imu": 0x6933_4B83, "sample-batch-imu": 0x4649_8ABD, "status": 0xDCFC_0311,
                                        "time-sync": 0x50BE_ABBF, "command-start": 0x6892_B4CB]
        for (name, crc) in stated {
            #expect(!Self.payload(name).isEmpty, "vector \(name) missing from PROTOCOL.md")
            #expect(CRC32.checksum(Self.payload(name)) == crc, "\(name)")
        }
    }

    @Test func cobsCanonicalForm() throws {
        // PROTOCOL.md section 2: 01 02 .. FE encodes as FF 01 02 .. FE (no trailing 01 block).
        let run = (1...254).map { UInt8($0) }
        #expect(COBS.encode(run) == [0xFF] + run)
        var decoded: [UInt8] = []
        try COBS.decode(([0xFF] + run)[...], into: &decoded)
        #expect(decoded == run)
        // Cheshire and Baker's examples: 00 → 01 01; 11 22 00 33 → 03 11 22 02 33.
        #expect(COBS.encode([0]) == [1, 1])
        #expect(COBS.encode([0x11, 0x22, 0x00, 0x33]) == [0x03, 0x11, 0x22, 0x02, 0x33])
        #expect(throws: COBS.DecodeError.codePastEnd(offset: 0)) { try COBS.decode([0x05, 0x01][...], into: &decoded) }
    }

    @Test func everyWireVectorDecodesToItsPayload() {
        let names = ["descriptor-imu", "descriptor-insole", "sample-batch-imu", "status", "time-sync", "command-start",
                     "command-stop", "command-set-placement", "command-time-sync-ping", "command-get-descriptor", "command-get-status"]
        for name in names {
            var deframer = FrameDeframer()
            var frames: [FrameDeframer.Frame] = []
            deframer.push(Self.wire(name)) { if case .frame(let frame) = $0 { frames.append(frame) } }
            #expect(frames.count == 1 && frames.first?.payload == Self.payload(name), "\(name)")
        }
    }

    @Test func commandsEncodeExactlyAsTheVectors() {
        // Host timestamps from 1700000000000000 µs, sequence numbers 0..5 (section 12).
        let base: UInt64 = 1_700_000_000_000_000
        let commands: [(String, HostCommand)] = [
            ("command-start", .start), ("command-stop", .stop), ("command-set-placement", .setPlacement(code: 7)),
            ("command-time-sync-ping", .timeSyncPing(pingID: 42, hostTimeUs: 1_700_000_000_000_123)),
            ("command-get-descriptor", .getDescriptor), ("command-get-status", .getStatus),
        ]
        for (sequence, (name, command)) in commands.enumerated() {
            #expect(command.wireBytes(sequence: UInt32(sequence), hostTimeUs: base + UInt64(sequence)) == Self.wire(name), "\(name)")
        }
        #expect(PlacementCode.code(.rightFoot) == 7)
    }

    @Test func deviceVectorsDecodeToTheStatedValues() throws {
        var decoder = DeviceStreamDecoder(deviceName: "vectors")
        let stream = ["descriptor-imu", "sample-batch-imu", "status", "time-sync"].flatMap { Self.wire($0) }
        var problems: [StreamProblem] = []
        let events = decoder.push(stream).filter { event in
            if case .problem(let problem) = event { problems.append(problem); return false }
            return true
        }
        #expect(events.count == 4)
        // The vectors have sequence numbers 0..4 and descriptor-insole (#1) is left out: exactly one lost frame.
        #expect(problems.map(\.kind) == [.framesLost(count: 1, previousSequence: 0)])
        #expect(decoder.counts.framesLost == 1)

        guard case .descriptor(let imu) = events[0] else { throw TestFailure("no DESCRIPTOR") }
        #expect(imu.deviceID == 0x0123_4567_89AB_CDEF && imu.deviceIDText == "0123456789ABCDEF")
        #expect(imu.firmwareVersionText == "0.1.0" && imu.kind == .imu && imu.placement == .leftShank)
        #expect(imu.nominalRateHz == 1000 && imu.countMin == -32768 && imu.countMax == 32767)
        #expect(imu.accelScaleG == ScaleFraction(numerator: 1, denominator: 2048))
        #expect(imu.gyroScaleDps == ScaleFraction(numerator: 10, denominator: 164))

        // indices 41..43, first sample at 1000500 µs, steps 1000 and 1001 µs; counts as stated.
        guard case .samples(let batch) = events[1] else { throw TestFailure("no SAMPLE_BATCH") }
        #expect(batch.firstSampleIndex == 41 && batch.deviceTimesUs == [1_000_500, 1_001_500, 1_002_501])
        let counts: [Double] = [0, -1, 2048, 164, -164, 32767, 1, -2, 2049, 0, 0, -32768, -2048, 256, 0, 1, -1, 4660]
        let accelPerCount = 9.80665 / 2048, gyroPerCount = 10.0 / 164 * Double.pi / 180
        for (index, count) in counts.enumerated() {
            let expected = count * (index % 6 < 3 ? accelPerCount : gyroPerCount)
            #expect(abs(batch.valuesSI[index] - expected) <= 1e-12 * max(1, abs(expected)))
        }
        #expect(abs(batch.valuesSI[2] - 9.80665) < 1e-12)  // 2048 counts at 1/2048 g is exactly 1 g

        // uptime 1003 ms, 3712 mV, 29.83 °C, streaming + placement set, last command START #7 OK,
        // 44 acquired, 0 dropped, 2 lost at the sensor, 1 saturated, 3 accepted, 1 rejected.
        guard case .status(let status) = events[2] else { throw TestFailure("no STATUS") }
        #expect(status == NodeStatus(uptimeMs: 1003, batteryMv: 3712, sensorTemperatureCdeg: 2983, flags: 0b101,
                                     lastCommandType: 0x81, lastCommandResult: 0, lastCommandSequence: 7, samplesAcquired: 44,
                                     samplesDropped: 0, samplesLostAtSensor: 2, samplesSaturated: 1, rxFramesAccepted: 3,
                                     rxFramesRejected: 1))
        // ping 42, host 1700000000000123 µs, received at 1003990 µs, sent at 1004000 µs.
        guard case .timeSync(let sync) = events[3] else { throw TestFailure("no TIME_SYNC") }
        #expect(sync == TimeSyncReply(pingID: 42, hostSendUs: 1_700_000_000_000_123, deviceReceiveUs: 1_003_990, deviceSendUs: 1_004_000))
        #expect(decoder.counts.framesAccepted == 4 && decoder.counts.framesRejected == 0)
    }

    @Test func insoleDescriptorCells() throws {
        var decoder = DeviceStreamDecoder(deviceName: "vectors")
        guard case .descriptor(let insole) = decoder.push(Self.wire("descriptor-insole")).first else { throw TestFailure("no DESCRIPTOR") }
        // device 0xCAFEF00D, insole, left_insole, 200 Hz, counts 0..4095, 1/4 kPa,
        // cells (25.0 mm, -8.0 mm, 450.00 mm²) and (140.5 mm, 12.3 mm, 380.50 mm²).
        #expect(insole.deviceID == 0xCAFE_F00D && insole.kind == .insole && insole.placement == .leftInsole)
        #expect(insole.nominalRateHz == 200 && insole.countMin == 0 && insole.countMax == 4095)
        #expect(insole.pressureScaleKPa == ScaleFraction(numerator: 1, denominator: 4) && insole.siPerCount == [0.25, 0.25])
        #expect(insole.cells == [InsoleCellGeometry(xMm: 25.0, yMm: -8.0, areaMm2: 450.0),
                                 InsoleCellGeometry(xMm: 140.5, yMm: 12.3, areaMm2: 380.5)])
    }
}
