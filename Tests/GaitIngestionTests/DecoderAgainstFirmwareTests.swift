import Foundation
import Testing
@testable import GaitIngestion

/// The decoder on byte streams from the real firmware core (virtual-node), compared with the
/// session CSV the node replayed: every sample, its time and its value.
@Suite("Decoder on the firmware's streams")
struct DecoderAgainstFirmwareTests {
    /// Checks decoded samples against the CSV rows they came from (row i has sample index i
    /// when the file has no gaps). Time: the node stamps row i at round((t_i − t_0)·10⁶) µs,
    /// so they agree within 0.5 µs. Value: the node rounds value / scale to the nearest count,
    /// so they agree within half a count of the DESCRIPTOR's scale — except at a saturated count
    /// (count_min or count_max), which stands for any value beyond it (section 7.1.1).
    static func expectMatchesSession(_ decoded: DecodedStream, session: String, sensor: String,
                                     skipping lostIndices: Set<UInt32> = [], clockStartsAtFirstSample: Bool = false) throws -> Int {
        let truth = try FirmwareStreams.sessionSamples(session: session, sensor: sensor)
        let descriptor = try #require(decoded.descriptors.first)
        let halfCount = descriptor.siPerCount.map { $0 / 2 * (1 + 1e-9) }
        let indices = decoded.indices, times = decoded.deviceTimesUs, values = decoded.values
        let channels = truth.channels
        #expect(channels == descriptor.channelCount)
        #expect(indices.count + lostIndices.count == truth.timesS.count, "every CSV row arrives or is counted lost")
        var worstTimeErrorS = 0.0
        // With --wait-start the node's clock runs before START; row 0 plays when START arrives.
        let originS = clockStartsAtFirstSample ? Double(try #require(times.first)) / 1e6 : 0
        var worstValueErrorCounts = 0.0
        var saturated = 0
        let scale = descriptor.siPerCount
        for (position, index) in indices.enumerated() {
            let row = Int(index)
            let expectedTimeS = truth.timesS[row] - truth.timesS[0]
            worstTimeErrorS = max(worstTimeErrorS, abs(Double(times[position]) / 1e6 - originS - expectedTimeS))
            for channel in 0..<channels {
                let decodedValue = values[position * channels + channel], fileValue = truth.values[row * channels + channel]
                let count = (decodedValue / scale[channel]).rounded()
                if count == Double(descriptor.countMax) || (descriptor.countMin < 0 && count == Double(descriptor.countMin)) {
                    saturated += 1
                    #expect(count > 0 ? fileValue >= decodedValue - halfCount[channel] : fileValue <= decodedValue + halfCount[channel])
                    continue
                }
                let error = abs(values[position * channels + channel] - truth.values[row * channels + channel])
                worstValueErrorCounts = max(worstValueErrorCounts, error / (2 * halfCount[channel]) * (1 + 1e-9))
                #expect(error <= halfCount[channel], "row \(row) channel \(channel)")
            }
        }
        #expect(worstTimeErrorS <= 0.5e-6 + 1e-9)
        print("\(session)/\(sensor): \(indices.count) samples × \(channels) channels match the CSV; worst time error "
              + String(format: "%.3f µs, worst value error %.3f counts (bound 0.5); %d saturated values beyond the range, as the file has them",
                       worstTimeErrorS * 1e6, worstValueErrorCounts, saturated))
        return indices.count
    }

    @Test(arguments: [("run-all-sensors", "left_shank"), ("run-all-sensors", "right_insole")])
    func randomChunksGiveTheSessionSamples(session: String, sensor: String) throws {
        let bytes = try FirmwareStreams.stream(session: session, sensor: sensor)
        var generator = SplitMix64(seed: 5)
        let decoded = DecodedStream.decode(bytes) { Int.random(in: 1...2000, using: &generator) }
        _ = try Self.expectMatchesSession(decoded, session: session, sensor: sensor)
        #expect(decoded.problems.isEmpty, "\(decoded.problems.prefix(3))")
        #expect(decoded.counts.framesLost == 0 && decoded.counts.framesRejected == 0 && decoded.counts.samplesMissing == 0)
        #expect(decoded.counts.bytes == Int64(bytes.count))
        // The node's last STATUS accounts for every sample (PROTOCOL.md section 10).
        let last = try #require(decoded.statuses.last)
        #expect(Int(last.samplesAcquired) == decoded.counts.samplesDecoded && last.samplesDropped == 0)
    }

    @Test func chunkingDoesNotChangeTheResult() throws {
        let bytes = try FirmwareStreams.stream(session: "run-all-sensors", sensor: "pelvis")
        let whole = DecodedStream.decode(bytes) { bytes.count }
        let byteByByte = DecodedStream.decode(bytes) { 1 }
        var generator = SplitMix64(seed: 11)
        let random = DecodedStream.decode(bytes) { Int.random(in: 1...64, using: &generator) }
        // A sequence without contiguous storage takes the byte-at-a-time path.
        var sequenceDecoder = DeviceStreamDecoder(deviceName: "test")
        var fromSequence = DecodedStream()
        sequenceDecoder.push(AnySequence(bytes)) { fromSequence.collect($0) }
        #expect(whole.samples == byteByByte.samples && whole.samples == random.samples && whole.samples == fromSequence.samples)
        #expect(whole.counts == byteByByte.counts && whole.counts == random.counts)
        _ = try Self.expectMatchesSession(whole, session: "run-all-sensors", sensor: "pelvis")
    }

    @Test func gapsInTheFileAreCountedExactly() throws {
        // run-with-gaps has runs of lost samples; the node sends them as missing indices.
        let session = "run-with-gaps", sensor = "left_shank"
        let bytes = try FirmwareStreams.stream(session: session, sensor: sensor)
        let decoded = DecodedStream.decode(bytes) { 4096 }
        let truth = try FirmwareStreams.sessionSamples(session: session, sensor: sensor)
        // Ground truth from the file: each step longer than 1.5 nominal periods hides
        // round(step × rate) − 1 samples (session-csv.md, "Gaps").
        let rateHz = try #require(decoded.descriptors.first).nominalRateHz
        var missingInFile = 0
        for row in 1..<truth.timesS.count {
            let step = truth.timesS[row] - truth.timesS[row - 1]
            if step > 1.5 / rateHz { missingInFile += Int((step * rateHz).rounded()) - 1 }
        }
        #expect(missingInFile > 0)
        #expect(decoded.counts.samplesMissing == UInt64(missingInFile))
        #expect(decoded.counts.samplesDecoded == truth.timesS.count)
        #expect(decoded.counts.framesLost == 0 && decoded.counts.framesRejected == 0)
        #expect(Int(try #require(decoded.statuses.last).samplesLostAtSensor) == missingInFile)
        print("\(session)/\(sensor): \(missingInFile) samples missing in the file, \(decoded.counts.samplesMissing) counted")
    }

    @Test func throughput() throws {
        let bytes = try FirmwareStreams.stream(session: "run-all-sensors", sensor: "left_shank")
        let repeated = Array(repeating: bytes, count: 20).joined()
        var decoder = DeviceStreamDecoder(deviceName: "throughput")
        var samples = 0
        let start = Date()
        var position = 0
        let all = Array(repeated)
        while position < all.count {
            let end = min(all.count, position + 4096)
            decoder.push(all[position..<end]) { if case .samples(let batch) = $0 { samples += batch.count } }
            position = end
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(samples == 20 * 6000)
        print(String(format: "decode throughput (debug build): %.1f MB/s, %.2g samples/s", Double(all.count) / seconds / 1e6,
                     Double(samples) / seconds))
    }
}
