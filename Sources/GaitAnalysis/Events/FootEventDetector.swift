import Foundation
import GaitCore

/// Initial contact and toe-off from a foot-worn IMU, for a foot without an insole (and, where
/// there is one, as a cross-check of its events).
///
/// Falbriard et al. (2018) compared kinematic features of foot-worn IMUs against a force-plate
/// threshold in 41 runners and found the most precise to be, within each cycle from one mid-swing
/// to the next, the minimum of the pitch (medio-lateral) angular velocity in the first half for
/// initial contact, and in the second half for terminal contact (toe-off); mid-swing is the large
/// peak of that signal while the foot swings forward. Their sign: positive in mid-swing.
///
/// Fed sample by sample, it needs no calibration: the pitch axis is the principal axis of the
/// foot's angular velocity over its first 3 s of motion (the flexion axis dominates every
/// stride), pointing to the foot's left. That sign comes from gravity, not from the signal's
/// shape: the foot pitches toe-down further (toe-off and early swing, 30–90°) than toe-up
/// (contact, 10–20°), the same rule as the calibration's (`SegmentCalibrator`). Those first
/// seconds are then replayed, so no stance is lost to learning. A stance is reported when the
/// next mid-swing confirms its cycle, about 0.2 s after toe-off.
///
/// References: Falbriard M, Meyer F, Mariani B, Millet GP, Aminian K (2018) Accurate estimation
/// of running temporal parameters using foot-worn inertial sensors. Front Physiol 9:610.
/// doi:10.3389/fphys.2018.00610
struct FootEventDetector: Sendable {
    let side: Side
    let rateHz: Double
    /// A mid-swing peak is at least this, rad/s, and at least half the median of recent peaks.
    static let minimumMidSwingRadPerS = 2.5
    /// Cycles longer than this are not continuous gait (a stop, a gap), seconds.
    static let longestCycleS = 2.5
    /// Time the signal must stay below a candidate peak before it counts as mid-swing, seconds.
    static let peakConfirmationS = 0.1
    /// Angular velocity below this does not inform the axis (rest), rad/s.
    static let axisMinimumRadPerS = 1.0

    /// The foot's flexion axis in the sensor frame, pointing to its left, once learnt.
    private var axis: Vector3?
    /// Samples of the current cycle: time and pitch rate, from the last mid-swing on.
    private var cycleTimesS: [Double] = []
    private var cyclePitchRadPerS: [Double] = []
    private var lastMidSwingIndex: Int?
    private var candidate: (index: Int, value: Double)?
    private var recentPeaks: [Double] = []
    private var recentCyclesS: [Double] = []
    /// From the recent peaks and cycles, updated at each mid-swing.
    private var midSwingThreshold = Self.minimumMidSwingRadPerS
    private var refractoryS = 0.3
    private var lastTimeS: Double?

    init(side: Side, rateHz: Double) {
        self.side = side
        self.rateHz = rateHz
    }

    /// Takes the next sample: angular velocity (sensor frame) and the filter's orientation
    /// q_world←sensor, whose up direction is used only while the axis is being learnt; returns
    /// the stances completed, if any.
    mutating func feed(timeS: Double, gyroscopeRadPerS w: Vector3, orientation: Quaternion) -> [StancePhase] {
        guard axis == nil else { return detect(timeS: timeS, w).map { [$0] } ?? [] }
        learning.append((timeS, w, orientation.inverseRotate(.unitZ)))
        if w.norm > Self.axisMinimumRadPerS { movingSamples += 1 }
        guard movingSamples >= Int(3 * rateHz), learnAxis() else {
            // Quiet standing is not learnt from; only the last 30 s are kept for the replay.
            let excess = learning.count - Int(30 * rateHz)
            if excess > Int(rateHz) {
                movingSamples -= learning[..<excess].filter { $0.w.norm > Self.axisMinimumRadPerS }.count
                learning.removeFirst(excess)
            }
            return []
        }
        let replay = learning
        learning = []
        return replay.compactMap { detect(timeS: $0.timeS, $0.w) }
    }

    private mutating func detect(timeS: Double, _ w: Vector3) -> StancePhase? {
        guard let axis else { return nil }
        if let last = lastTimeS, timeS - last > 1.5 / rateHz {
            // A gap: the cycle in progress cannot be timed.
            restartCycle()
        }
        lastTimeS = timeS
        // Falbriard's sign: positive while the foot swings forward (dorsiflexing, a negative
        // rotation about the left-pointing axis).
        let pitch = -w.dot(axis)
        cycleTimesS.append(timeS)
        cyclePitchRadPerS.append(pitch)
        if cycleTimesS.count > Int(Self.longestCycleS * 2 * rateHz) {
            // No mid-swing for a long while: standing, or not gait; start afresh.
            restartCycle()
            return nil
        }
        let index = cycleTimesS.count - 1
        // A mid-swing comes at most once a cycle: not within 60 % of the usual cycle of the last
        // one (a forefoot runner's heel drop turns the foot the same way, but in stance).
        let (threshold, refractory) = (midSwingThreshold, refractoryS)
        let sinceMidSwingS = lastMidSwingIndex.map { timeS - cycleTimesS[$0] } ?? .infinity
        if pitch > threshold, sinceMidSwingS > refractory, pitch > (candidate?.value ?? -.infinity) {
            candidate = (index, pitch)
        }
        guard let peak = candidate, timeS - cycleTimesS[peak.index] >= Self.peakConfirmationS else { return nil }
        candidate = nil
        recentPeaks.append(peak.value)
        if recentPeaks.count > 9 { recentPeaks.removeFirst() }
        midSwingThreshold = max(Self.minimumMidSwingRadPerS, 0.5 * median(recentPeaks))
        defer {
            // The new cycle starts at this mid-swing.
            cycleTimesS.removeFirst(peak.index)
            cyclePitchRadPerS.removeFirst(peak.index)
            lastMidSwingIndex = 0
        }
        guard let start = lastMidSwingIndex else { return nil }
        let cycleS = cycleTimesS[peak.index] - cycleTimesS[start]
        guard cycleS <= Self.longestCycleS else { return nil }
        recentCyclesS.append(cycleS)
        if recentCyclesS.count > 9 { recentCyclesS.removeFirst() }
        refractoryS = max(0.3, 0.6 * median(recentCyclesS))
        return stance(from: start, to: peak.index)
    }

    /// The stance of the cycle between two mid-swings: the minima of each half.
    private func stance(from start: Int, to end: Int) -> StancePhase? {
        let middle = (start + end) / 2
        guard middle - start >= 2, end - middle >= 2,
              let contact = minimum(in: (start + 1)..<middle),
              let toeOff = minimum(in: middle..<(end - 1)) else { return nil }
        // A stance is at least 80 ms (conventions.md's shortest running stance is 150 ms) and at
        // most 80 % of its cycle: features that fall otherwise are not this foot's contact and
        // toe-off, and a missing stride is better than an invented one.
        let cycleS = cycleTimesS[end] - cycleTimesS[start]
        guard toeOff - contact >= 0.08, toeOff - contact <= 0.8 * cycleS else { return nil }
        return StancePhase(side: side, initialContactS: contact, toeOffS: toeOff, source: .imu)
    }

    /// The time of the lowest pitch rate in `range`, refined by a parabola through the three
    /// samples around it.
    private func minimum(in range: Range<Int>) -> Double? {
        guard let i = range.min(by: { cyclePitchRadPerS[$0] < cyclePitchRadPerS[$1] }),
              i > 0, i + 1 < cyclePitchRadPerS.count else { return nil }
        let (a, b, c) = (cyclePitchRadPerS[i - 1], cyclePitchRadPerS[i], cyclePitchRadPerS[i + 1])
        let denominator = a - 2 * b + c
        let shift = denominator > 0 ? (0.5 * (a - c) / denominator).clamped(to: -0.5...0.5) : 0
        let step = shift >= 0 ? cycleTimesS[i + 1] - cycleTimesS[i] : cycleTimesS[i] - cycleTimesS[i - 1]
        return cycleTimesS[i] + shift * step
    }

    private mutating func restartCycle() {
        cycleTimesS.removeAll(keepingCapacity: true)
        cyclePitchRadPerS.removeAll(keepingCapacity: true)
        lastMidSwingIndex = nil
        candidate = nil
    }

    /// Learns the pitch axis once 3 s of motion have been seen; true when it is known.
    private mutating func learnAxis() -> Bool {
        let moving = learning.filter { $0.w.norm > Self.axisMinimumRadPerS }
        guard moving.count >= Int(3 * rateHz) else { return false }
        var scatter = Matrix3(rows: .zero, .zero, .zero)
        for sample in moving { for r in 0..<3 { for c in 0..<3 { scatter[r, c] += sample.w[r] * sample.w[c] } } }
        var left = SymmetricEigen(scatter).vectors[0]
        // Pitch about `left` against the mean foot attitude: sin(pitch) = −forward·up, with
        // forward = left × mean up. The extreme must be toe-down (positive).
        let meanUp = moving.reduce(Vector3.zero) { $0 + $1.up }.normalized
        let forward = left.cross(meanUp).normalized
        let pitches = moving.map { -forward.dot($0.up) }
        if abs(pitches.min() ?? 0) > abs(pitches.max() ?? 0) { left = -left }
        axis = left
        return true
    }

    /// Samples seen before the axis is known (time, angular velocity, up), replayed once it is,
    /// and how many of them are in motion.
    private var learning: [(timeS: Double, w: Vector3, up: Vector3)] = []
    private var movingSamples = 0

    private func median(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.sorted()[values.count / 2]
    }
}
