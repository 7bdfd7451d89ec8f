import Foundation
import GaitCore
import GaitSessionFiles

/// The per-sensor work for one insole, run on that sensor's own queue: each cell's unloaded
/// baseline, the summed force, and the stances (`InsoleEventDetector`).
///
/// The baseline of a cell is a low quantile of its readings (the foot is off the ground for most
/// of a running stride and 40 % of a walking one, so the 10th percentile is an unloaded value),
/// taken per 2 s block on a fixed time grid, and the lowest of the last 10 blocks is used: quiet
/// standing, which loads every cell, never becomes the baseline once gait has begun, and a slow
/// creep of the sensor is followed within 20 s. A sample is judged against the finished blocks'
/// baseline as it arrives, so an event is known at once (no look-ahead); the first gait block
/// after standing still has standing's baseline, and its stances are found from a higher level.
struct InsoleStage: Sendable {
    static let blockS = 2.0
    static let blocksRemembered = 10
    static let baselineQuantile = 0.1

    let areasMm2: [Double]
    private var detector: InsoleEventDetector
    private(set) var gaps: GapWatch
    private var blockIndex: Int?
    private var blockTimesS: [Double] = []
    private var blockPressuresKPa: [Double] = []
    private var recentQuantilesKPa: [[Double]] = []
    /// Each cell's baseline: the lowest of the finished blocks' quantiles (nil before the first).
    private var baselines: [Double]?
    /// Every sample before this time has been through the detector.
    private(set) var completeThroughS = -Double.infinity

    init(sensor: SensorDescriptor, side: Side) {
        areasMm2 = sensor.cells?.map(\.areaMm2) ?? []
        detector = InsoleEventDetector(side: side, nominalPeriodS: 1 / sensor.rateHz)
        gaps = GapWatch(sensorID: sensor.id, rateHz: sensor.rateHz)
    }

    /// Takes a block of samples (one pressure per cell each); returns the stances completed.
    /// Each sample goes through the detector at once, with the baseline of the finished 2 s
    /// blocks; only the samples of the session's first block wait for it to finish.
    mutating func process(_ block: SampleBlock) -> [StancePhase] {
        var stances: [StancePhase] = []
        for i in 0..<block.count {
            let timeS = block.timesS[i]
            _ = gaps.observe(timeS)
            let index = Int((timeS / Self.blockS).rounded(.down))
            if let current = blockIndex, index != current {
                stances += completeBlock()
            }
            blockIndex = index
            blockTimesS.append(timeS)
            blockPressuresKPa.append(contentsOf: block.sample(i))
            if let baselines {
                let force = InsoleEventDetector.forceN(pressuresKPa: block.sample(i), baselinesKPa: baselines, areasMm2: areasMm2)
                if let stance = detector.feed(timeS: timeS, forceN: force) { stances.append(stance) }
                completeThroughS = timeS
            }
        }
        return stances
    }

    /// The end of the stream: the last block is used as it is.
    mutating func finish() -> [StancePhase] {
        defer { completeThroughS = .infinity }
        return completeBlock()
    }

    private mutating func completeBlock() -> [StancePhase] {
        let cellCount = areasMm2.count
        guard !blockTimesS.isEmpty, cellCount > 0 else { return [] }
        defer {
            blockTimesS.removeAll(keepingCapacity: true)
            blockPressuresKPa.removeAll(keepingCapacity: true)
        }
        // At most ~500 readings per cell and block: a low quantile of 2 s of unloaded swing is as
        // well defined from every 4th reading at 1 kHz as from all of them.
        let step = max(1, blockTimesS.count / 500)
        let rows = Array(stride(from: 0, to: blockTimesS.count, by: step))
        var column = [Double](repeating: 0, count: rows.count)
        let rank = min(column.count - 1, Int(Double(column.count) * Self.baselineQuantile))
        let quantiles = (0..<cellCount).map { cell in
            for (k, i) in rows.enumerated() { column[k] = blockPressuresKPa[i * cellCount + cell] }
            return column.kthSmallest(rank)
        }
        recentQuantilesKPa.append(quantiles)
        if recentQuantilesKPa.count > Self.blocksRemembered { recentQuantilesKPa.removeFirst() }
        let isFirstBlock = baselines == nil
        baselines = (0..<cellCount).map { cell in recentQuantilesKPa.map { $0[cell] }.min()! }
        // The session's first block waited for its own baseline; later blocks went through as
        // they came.
        guard isFirstBlock, let baselines else { return [] }
        var stances: [StancePhase] = []
        for (i, timeS) in blockTimesS.enumerated() {
            let force = InsoleEventDetector.forceN(pressuresKPa: blockPressuresKPa[(i * cellCount)..<((i + 1) * cellCount)],
                                                   baselinesKPa: baselines, areasMm2: areasMm2)
            if let stance = detector.feed(timeS: timeS, forceN: force) { stances.append(stance) }
            completeThroughS = timeS
        }
        return stances
    }
}
