import Dispatch
import Foundation
import GaitCore
import GaitSessionFiles

/// The analysis core: samples go in as they arrive, each stride's result comes out as soon as the
/// data it needs has arrived (`AnalysisConfiguration.lookAheadS` after its toe-off, once the first
/// `calibrationGaitS` of gait have calibrated the sensors). Memory is bounded by that window, not by
/// the session's length.
///
/// Each sensor's own work (an IMU's orientation filter, an insole's baseline and events) runs on a
/// serial Dispatch queue of its own, so sensors are processed concurrently; what they produce
/// meets in one `AnalysisEngine` behind a lock. The engine decides only on times every sensor has
/// passed, so the strides do not depend on how the samples were cut into blocks or interleaved.
///
/// Feed each sensor's blocks in time order (different sensors from any threads), then call
/// `finish()`. `append` waits while the sensor has `maximumBlocksInFlight` blocks unprocessed:
/// a fast reader cannot outrun the analysis by more than that.
public final class StreamingAnalysis: Sendable {
    public static let maximumBlocksInFlight = 4

    private let sensorIndex: [String: Int]
    private let stages: [SensorStageBox]
    private let engine: Locked<AnalysisEngine>
    private let group = DispatchGroup()
    private let delivery = DispatchQueue(label: "gait.analysis.strides")
    private let onStride: @Sendable (StrideResult) -> Void
    private let partial = Locked<[AnalysisWarning]>([])
    private let timeSpanS = Locked<ClosedRange<Double>?>(nil)

    /// - Parameters:
    ///   - manifest: the session's sensors and declared standing.
    ///   - onStride: called with each stride as soon as it is known, in order, on a serial queue.
    public init(manifest: SessionManifest, configuration: AnalysisConfiguration = AnalysisConfiguration(),
                onStride: @escaping @Sendable (StrideResult) -> Void = { _ in }) {
        var index: [String: Int] = [:]
        var stages: [SensorStageBox] = []
        var imuIndex = 0
        for (i, sensor) in manifest.sensors.enumerated() {
            index[sensor.id] = i
            stages.append(SensorStageBox(sensor: sensor, imuIndex: imuIndex))
            if sensor.kind == .imu { imuIndex += 1 }
        }
        sensorIndex = index
        self.stages = stages
        engine = Locked(AnalysisEngine(manifest: manifest, configuration: configuration))
        self.onStride = onStride
    }

    /// Takes the next block of the sensor `sensorID` (a sensor of the manifest), in time order.
    public func append(_ block: SampleBlock, sensorID: String) {
        guard let index = sensorIndex[sensorID], block.count > 0 else { return }
        let stage = stages[index]
        timeSpanS.withLock { span in
            let first = block.timesS[0], last = block.timesS[block.count - 1]
            span = span.map { min($0.lowerBound, first)...max($0.upperBound, last) } ?? first...last
        }
        stage.slots.wait()
        stage.queue.async(group: group) { [self] in
            defer { stage.slots.signal() }
            let handOver = stage.process(block)
            engine.withLock { deliver(handOver(&$0)) }
        }
    }

    /// The sensor `sensorID` will send nothing more; `truncatedLastLine`, if its file ended in a
    /// truncated line (the result is then partial).
    public func finish(sensorID: String, truncatedLastLine: SessionFileError? = nil, lastTimeS: Double? = nil) {
        guard let index = sensorIndex[sensorID] else { return }
        let stage = stages[index]
        guard !stage.finished.withLock({ finished in defer { finished = true }; return finished }) else { return }
        if truncatedLastLine != nil {
            partial.withLock {
                $0.append(AnalysisWarning(code: "partial", sensor: sensorID, start: lastTimeS, end: nil,
                                          message: "the file ends in a truncated line; the samples before it were used"))
            }
        }
        stage.queue.async(group: group) { [self] in
            engine.withLock { deliver(stage.finish(into: &$0)) }
        }
    }

    /// Waits until every block appended so far has been processed and its strides handed out.
    public func drain() {
        group.wait()
        delivery.sync {}
    }

    /// How many samples each IMU's track holds now (the analysis window), in manifest order.
    func heldSampleCounts() -> [Int] {
        engine.withLock { $0.tracks.map(\.timesS.count) }
    }

    /// Finishes every sensor not finished yet, waits for all work, and returns the whole result.
    public func finish() -> AnalysisResult {
        for stage in stages where !stage.finished.withLock({ $0 }) { finish(sensorID: stage.sensor.id) }
        group.wait()
        delivery.sync {}
        let partialWarnings = partial.withLock { $0 }
        let gapWarnings = stages.flatMap(\.gapWarnings)
        let span = timeSpanS.withLock { $0 }
        return engine.withLock { engine in
            let curveOrder = { (c: StanceCurve) in 2 * (StanceCurve.Angle.allCases.firstIndex(of: c.angle) ?? 0) + (c.side == .left ? 0 : 1) }
            return AnalysisResult(strides: engine.strides,
                           calibrations: engine.tracks.compactMap { engine.calibration?.calibrations[$0.placement] },
                           standing: engine.calibration?.standing, standingWasFound: engine.standingWasFound,
                           warnings: gapWarnings + partialWarnings + engine.warnings + engine.crossCheckWarnings + engine.missingEventWarnings,
                           partial: !partialWarnings.isEmpty, clockCorrections: engine.calibration?.clockCorrections ?? [],
                           timeSpanS: span, stanceCurves: engine.stanceCurves.sorted { curveOrder($0) < curveOrder($1) })
        }
    }

    private func deliver(_ strides: [StrideResult]) {
        guard !strides.isEmpty else { return }
        // Called with the engine's lock held: the engine made these strides in order, and they
        // join the delivery queue in that same order (enqueued after the lock was released, two
        // sensors' batches could swap).
        delivery.async { [onStride] in strides.forEach(onStride) }
    }
}

/// One sensor's queue and per-sensor state.
private final class SensorStageBox: Sendable {
    let sensor: SensorDescriptor
    let queue: DispatchQueue
    /// The IMU's index among the IMUs, or the insole's side.
    let imuIndex: Int
    let side: Side?
    /// Only touched on `queue`; the locks make that provable to the compiler at no real cost.
    let imuStage: Locked<ImuStage?>
    let insoleStage: Locked<InsoleStage?>
    let slots = DispatchSemaphore(value: StreamingAnalysis.maximumBlocksInFlight)
    let finished = Locked(false)

    init(sensor: SensorDescriptor, imuIndex: Int) {
        self.sensor = sensor
        self.imuIndex = imuIndex
        queue = DispatchQueue(label: "gait.analysis.sensor.\(sensor.id)")
        switch sensor.kind {
        case .imu:
            side = nil
            imuStage = Locked(ImuStage(sensorID: sensor.id, placement: sensor.placement, rateHz: sensor.rateHz))
            insoleStage = Locked(nil)
        case .insole:
            let side: Side = sensor.placement == .leftInsole ? .left : .right
            self.side = side
            imuStage = Locked(nil)
            insoleStage = Locked(InsoleStage(sensor: sensor, side: side))
        }
    }

    /// This sensor's own work on one block, done outside the engine's lock (concurrently with the
    /// other sensors'); what is returned hands its result to the engine.
    func process(_ block: SampleBlock) -> @Sendable (inout AnalysisEngine) -> [StrideResult] {
        if let side {
            let (stances, complete) = insoleStage.withLock { ($0!.process(block), $0!.completeThroughS) }
            return { $0.receive(stances, side: side, completeThroughS: complete) }
        }
        let (samples, stances) = imuStage.withLock { $0!.process(block) }
        let index = imuIndex
        return { $0.receive(samples, imuIndex: index, footStances: stances) }
    }

    func finish(into engine: inout AnalysisEngine) -> [StrideResult] {
        if let side {
            let stances = insoleStage.withLock { $0!.finish() }
            return engine.receive(stances, side: side, completeThroughS: .infinity)
        }
        return engine.finishImu(imuIndex)
    }

    var gapWarnings: [AnalysisWarning] {
        side == nil ? imuStage.withLock { $0!.gaps.warnings } : insoleStage.withLock { $0!.gaps.warnings }
    }
}
