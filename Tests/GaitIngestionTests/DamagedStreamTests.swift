import Foundation
import Testing
@testable import GaitIngestion

/// The firmware's stream with injected garbage, flipped bits and dropped frames: exactly the
/// injected damage is counted, the decoder resynchronises, and every sample that arrives is right.
@Suite("Decoder on damaged streams")
struct DamagedStreamTests {
    static func frameType(_ frame: [UInt8]) -> UInt8 {
        var decoded: [UInt8] = []
        try? COBS.decode(frame.dropLast()[...], into: &decoded)
        return decoded.count > 1 ? decoded[1] : 0
    }

    @Test func injectedDamageIsCountedExactly() throws {
        let session = "run-all-sensors", sensor = "right_shank"
        let frames = splitFrames(try FirmwareStreams.stream(session: session, sensor: sensor))
        var generator = SplitMix64(seed: 2026)
        // Damage only frames in the middle: the DESCRIPTOR stays, and a later frame reveals each gap.
        var candidates = Array(10..<(frames.count - 10)).shuffled(using: &generator)
        let dropped = Set(candidates.prefix(10)); candidates.removeFirst(10)
        let flipped = Set(candidates.prefix(10)); candidates.removeFirst(10)
        let glued = Set(candidates.prefix(3)); candidates.removeFirst(3)
        let garbageBefore = Set(candidates.prefix(10)); candidates.removeFirst(10)
        let giantBefore = candidates.removeFirst()
        #expect(dropped.union(flipped).union(glued).allSatisfy { [0x02, 0x03].contains(Self.frameType(frames[$0])) })

        func garbage(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 1...255, using: &generator) } }
        var stream: [UInt8] = [0]
        for (position, frame) in frames.enumerated() {
            if garbageBefore.contains(position) { stream += garbage(Int.random(in: 1...300, using: &generator)) + [0] }
            if position == giantBefore { stream += garbage(5000) + [0] }
            if dropped.contains(position) { continue }
            var bytes = frame
            if flipped.contains(position) {
                // One bit, never making a 0x00 (which would split the frame in two).
                var byteIndex: Int, mask: UInt8
                repeat {
                    byteIndex = Int.random(in: 0..<(bytes.count - 1), using: &generator)
                    mask = 1 << UInt8.random(in: 0...7, using: &generator)
                } while bytes[byteIndex] ^ mask == 0
                bytes[byteIndex] ^= mask
            }
            if glued.contains(position) { bytes = garbage(40) + bytes }
            stream += bytes
        }

        var chunks = SplitMix64(seed: 9)
        let decoded = DecodedStream.decode(stream) { Int.random(in: 1...700, using: &chunks) }
        // Rejected: each flipped or glued frame, each garbage run and the over-long run.
        #expect(decoded.counts.framesRejected == 10 + 3 + 10 + 1)
        // Lost (sequence gaps): dropped, flipped and glued frames, exactly.
        #expect(decoded.counts.framesLost == 10 + 10 + 3)
        let tooLong = decoded.problems.filter { if case .rejectedFrame(.tooLong(5000)) = $0.kind { true } else { false } }
        #expect(tooLong.count == 1)
        // Every sample that arrived matches the CSV; the rest are counted missing, none invented.
        let truth = try FirmwareStreams.sessionSamples(session: session, sensor: sensor)
        #expect(decoded.counts.samplesDecoded + Int(decoded.counts.samplesMissing) == truth.timesS.count)
        #expect(decoded.counts.samplesMissing > 0)
        let all = Set(0..<UInt32(truth.timesS.count)), received = Set(decoded.indices)
        _ = try DecoderAgainstFirmwareTests.expectMatchesSession(decoded, session: session, sensor: sensor,
                                                                 skipping: all.subtracting(received))
        // Each problem names the device and a byte range inside the stream.
        for problem in decoded.problems {
            #expect(problem.description.hasPrefix("test") && problem.startOffset >= 0 && problem.endOffset <= Int64(stream.count))
        }
        let crc = decoded.problems.first { if case .rejectedFrame(.crcMismatch) = $0.kind { true } else { false } }
        print("injected: 10 dropped, 10 flipped, 3 glued, 11 garbage runs → rejected \(decoded.counts.framesRejected), lost \(decoded.counts.framesLost), samples missing \(decoded.counts.samplesMissing); e.g. \(crc.map(String.init(describing:)) ?? "-")")
    }

    /// A STATUS frame with the given sequence number and device time.
    static func status(sequence: UInt32, timeUs: UInt64) -> [UInt8] {
        var writer = LittleEndianWriter()
        writer.u8(1)
        writer.u8(0x03)
        writer.u32(sequence)
        writer.u64(timeUs)
        return wireFrame(writer.bytes + [UInt8](repeating: 0, count: 39))
    }

    @Test func sequenceGapsAcrossTheWrapAndRestarts() {
        // 0xFFFFFFFD, 0xFFFFFFFE, (0xFFFFFFFF lost), 0, 1, (2, 3 lost), 4: three frames lost.
        let sequences: [UInt32] = [0xFFFF_FFFD, 0xFFFF_FFFE, 0, 1, 4]
        var stream: [UInt8] = []
        for (position, sequence) in sequences.enumerated() { stream += Self.status(sequence: sequence, timeUs: 1_000 * UInt64(position + 1)) }
        // Then the node reboots: sequence 0 with its clock back near zero — a new stream, not 2^32 − 5 lost.
        stream += Self.status(sequence: 0, timeUs: 10) + Self.status(sequence: 1, timeUs: 20)
        let decoded = DecodedStream.decode(stream) { 7 }
        #expect(decoded.counts.framesLost == 3)
        #expect(decoded.counts.streamRestarts == 1)
        #expect(decoded.problems.map(\.kind) == [.framesLost(count: 1, previousSequence: 0xFFFF_FFFE),
                                                 .framesLost(count: 2, previousSequence: 1), .streamRestarted])
    }

    @Test func badFramesGiveClearErrors() {
        var deframer = FrameDeframer()
        var outputs: [FrameDeframer.Output] = []
        // 100 000 bytes without a delimiter: held to the protocol's maximum, reported once.
        let flood = [UInt8](repeating: 0x41, count: 100_000)
        deframer.push(flood) { outputs.append($0) }
        #expect(outputs.isEmpty)
        deframer.push([0]) { outputs.append($0) }
        #expect(outputs == [.rejected(.init(problem: .tooLong(encodedBytes: 100_000), startOffset: 0, endOffset: 100_000))])
        // A good frame right after is accepted: resynchronised on the 0x00.
        outputs.removeAll()
        deframer.push(Self.status(sequence: 5, timeUs: 1)) { outputs.append($0) }
        guard case .frame(let frame) = outputs.first else { Issue.record("no frame after the flood"); return }
        #expect(frame.header.sequence == 5 && frame.streamOffset == 100_001)

        // Wrong version: intact CRC, version 2.
        var version2 = DeviceStreamDecoder(deviceName: "/dev/ttyACM7")
        var payload: [UInt8] = [2, 0x03] + [UInt8](repeating: 0, count: 12) + [UInt8](repeating: 0, count: 39)
        let events = version2.push(wireFrame(payload))
        guard case .problem(let problem) = events.first else { Issue.record("no problem reported"); return }
        #expect(problem.kind == .rejectedFrame(.unsupportedVersion(2)))
        #expect(problem.description.contains("/dev/ttyACM7") && problem.description.contains("version 2"))

        // Intact frame, wrong body length for its type: a malformed-body problem naming the type.
        payload = [1, 0x03] + [UInt8](repeating: 0, count: 12) + [UInt8](repeating: 0, count: 38)
        var decoder = DeviceStreamDecoder(deviceName: "node")
        let malformed = decoder.push(wireFrame(payload))
        #expect(malformed.count == 1 && decoder.counts.framesMalformed == 1)
        if case .problem(let problem) = malformed.first { #expect(problem.description.contains("STATUS body of 38 bytes")) }

        // Unplugged mid-frame: the partial frame is counted, with its offsets.
        var partial = DeviceStreamDecoder(deviceName: "node")
        _ = partial.push(Array(Self.status(sequence: 1, timeUs: 1).prefix(20)))
        guard case .problem(let truncated) = partial.finish() else { Issue.record("partial frame not reported"); return }
        #expect(truncated.kind == .rejectedFrame(.truncated(encodedBytes: 20)) && partial.counts.framesRejected == 1)
    }
}
