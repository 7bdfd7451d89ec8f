import Dispatch
import Foundation
import GaitCore
import GaitSessionFiles
import GaitSimulation

import Testing
@testable import GaitAnalysis

/// The streaming core: the same strides however the samples arrive, strides out while samples
/// are still coming in, and memory bounded by the analysis window.
struct StreamingAnalysisTests {
    /// A small, fast session: every sensor, errors and residual clock offsets as usual.
    static func session(seed: UInt64, gaitS: Double = 20) throws -> SimulatedSession {
        var options = SimulatedSession.running(seed: seed, gaitS: gaitS)
        options.imuRateHz = 200
        options.insoleRateHz = 100
        return try SimulatedSession(options)
    }

    /// Feeds every sensor from a thread of its own, in blocks of random sizes (1 to 700 samples),
    /// and collects the strides as the core hands them out.
    static func feedConcurrently(_ recorded: RecordedSession, seed: UInt64) -> (delivered: [StrideResult], result: AnalysisResult) {
        let delivered = DeliveredStrides()
        let analysis = StreamingAnalysis(manifest: recorded.manifest) { delivered.add($0) }
        DispatchQueue.concurrentPerform(iterations: recorded.recordings.count) { index in
            let recording = recorded.recordings[index]
            var random = SeededGenerator(seed: seed, stream: recording.sensor.id)
            let width = recording.columns.valueCount
            var position = 0
            while position < recording.timesS.count {
                let end = min(recording.timesS.count, position + 1 + Int(random.next() % 700))
                analysis.append(SampleBlock(timesS: Array(recording.timesS[position..<end]),
                                            values: Array(recording.values[(position * width)..<(end * width)]), valueCount: width),
                                sensorID: recording.sensor.id)
                position = end
            }
            analysis.finish(sensorID: recording.sensor.id)
        }
        let result = analysis.finish()
        return (delivered.strides, result)
    }

    /// Feeds every sensor up to each multiple of `sliceS` of session time in turn, as a live
    /// recording would, waits until the analysis has caught up, then calls `afterSlice`.
    static func feedInSlices(_ recorded: RecordedSession, to analysis: StreamingAnalysis, sliceS: Double,
                             afterSlice: (_ fedUntilS: Double) -> Void) {
        let recordings = recorded.recordings
        var positions = Array(repeating: 0, count: recordings.count)
        var fedUntilS = 0.0
        while positions.indices.contains(where: { positions[$0] < recordings[$0].timesS.count }) {
            fedUntilS += sliceS
            for (index, recording) in recordings.enumerated() {
                let start = positions[index]
                var end = start
                while end < recording.timesS.count && recording.timesS[end] < fedUntilS { end += 1 }
                guard end > start else { continue }
                let width = recording.columns.valueCount
                analysis.append(SampleBlock(timesS: Array(recording.timesS[start..<end]),
                                            values: Array(recording.values[(start * width)..<(end * width)]), valueCount: width),
                                sensorID: recording.sensor.id)
                positions[index] = end
            }
            analysis.drain()
            afterSlice(fedUntilS)
        }
    }

    static func firstDifference(_ a: [StrideResult], _ b: [StrideResult]) -> String {
        guard let i = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) else { return "\(a.count) vs \(b.count) strides" }
        return "stride \(i) differs: \(a[i]) vs \(b[i])"
    }

    @Test func randomBlocksFromSeveralThreadsGiveTheSameStridesAsOnePass() throws {
        let session = try Self.session(seed: 51)
        defer { session.removeFiles() }
        // One pass: each sensor whole, one after the other.
        let single = SessionAnalysis().run(session.recorded, blockSize: Int.max / 2)
        #expect(single.strides.count > 40)
        #expect(single.strides.contains { $0.measures.kneeValgusDeg != nil && $0.measures.pronationDeg != nil })
        for seed in [UInt64(1), 2, 3] {
            let (delivered, result) = Self.feedConcurrently(session.recorded, seed: seed)
            // Bit for bit: StrideResult compares every Double exactly.
            #expect(result.strides == single.strides, "feed \(seed): \(Self.firstDifference(result.strides, single.strides))")
            #expect(delivered == single.strides, "feed \(seed), strides as handed out: \(Self.firstDifference(delivered, single.strides))")
            #expect(result.warnings == single.warnings)
            #expect(result.clockCorrections == single.clockCorrections)
        }
    }

    /// Strides come out while the session is still coming in: once the samples up to a time have
    /// been fed, every stride whose toe-off lies a look-ahead before it has been handed out.
    @Test func stridesLeaveWithinTheLookAheadOfTheirToeOff() throws {
        let session = try Self.session(seed: 52)
        defer { session.removeFiles() }
        let whole = SessionAnalysis().run(session.recorded)
        let configuration = AnalysisConfiguration()
        let delivered = DeliveredStrides()
        let analysis = StreamingAnalysis(manifest: session.recorded.manifest) { delivered.add($0) }
        var checked = 0
        // Fed in 0.25 s slices of session time, like a live recording.
        Self.feedInSlices(session.recorded, to: analysis, sliceS: 0.25) { fedUntilS in
            // Once calibrated, a stride is out when every sensor has passed its toe-off by the
            // look-ahead (plus the insole's 2 s baseline block and 50 ms for clock offsets).
            let calibratedAfterS = whole.strides.map(\.initialContactS).min()! + configuration.calibrationGaitS + configuration.lookAheadS
            guard fedUntilS > calibratedAfterS + 2.5 else { return }
            let due = whole.strides.filter { $0.toeOffS + configuration.lookAheadS + InsoleStage.blockS + 0.3 < fedUntilS }
            #expect(delivered.strides.count >= due.count, "fed to \(fedUntilS) s: \(delivered.strides.count) strides out of \(due.count) due")
            checked += 1
        }
        #expect(checked > 4)
        let result = analysis.finish()
        #expect(result.strides == whole.strides)
    }

    /// The samples held do not grow with the session: until calibration the analysis holds
    /// everything (standing and the first 15 s of gait); after it, 60 s of gait never hold more
    /// than 16 s of an IMU's samples (the window is about 7 s behind the newest complete data;
    /// storage is compacted when twice that).
    @Test func memoryIsBoundedByTheWindowNotTheSession() throws {
        var options = SimulatedSession.running(seed: 53, gaitS: 60)
        options.imuRateHz = 200
        options.insoleRateHz = 100
        options.placements = [.pelvis, .leftFoot, .rightFoot, .leftInsole, .rightInsole]
        let session = try SimulatedSession(options)
        defer { session.removeFiles() }
        let analysis = StreamingAnalysis(manifest: session.recorded.manifest)
        var largestHeld = 0
        Self.feedInSlices(session.recorded, to: analysis, sliceS: 1) { fedUntilS in
            if fedUntilS > options.standingS + options.transitionS + AnalysisConfiguration().calibrationGaitS + 5 {
                largestHeld = max(largestHeld, analysis.heldSampleCounts().max() ?? 0)
            }
        }
        let recordings = session.recorded.recordings
        let result = analysis.finish()
        #expect(result.strides.count > 120)
        let sessionSamples = recordings.map(\.timesS.count).max()!
        #expect(largestHeld > 0 && largestHeld <= Int(16 * options.imuRateHz), "held \(largestHeld) of \(sessionSamples) samples")
    }
}

/// Strides handed out by the core, gathered across its delivery queue.
final class DeliveredStrides: Sendable {
    private let storage = Locked<[StrideResult]>([])
    func add(_ stride: StrideResult) { storage.withLock { $0.append(stride) } }
    var strides: [StrideResult] { storage.withLock { $0 } }
}


/// The quantile selection the insole baseline uses, against sorting.
struct SelectionTests {
    @Test func kthSmallestAgreesWithSorting() {
        var random = SeededGenerator(seed: 7, stream: "selection")
        for count in [1, 2, 3, 10, 101, 2000] {
            for pattern in 0..<4 {
                let values: [Double] = (0..<count).map { i in
                    switch pattern {
                    case 0: random.uniform(-5...5)
                    case 1: Double(i)                       // sorted
                    case 2: 3                               // constant
                    default: Double(Int(random.next() % 4)) // many ties
                    }
                }
                let sorted = values.sorted()
                for k in Set([0, count / 10, count / 2, count - 1]) {
                    var copy = values
                    #expect(copy.kthSmallest(k) == sorted[k], "count \(count), pattern \(pattern), k \(k)")
                }
            }
        }
    }
}
