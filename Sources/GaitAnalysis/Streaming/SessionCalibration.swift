import Foundation
import GaitCore

/// What the analysis learns once, from quiet standing and the first stretch of gait, before it
/// measures any stride: the insoles on one clock, each thigh on its shank's clock, every sensor's
/// calibration to its segment, and each angle's value in quiet standing.
struct SessionCalibration: Sendable {
    /// The reference clock's insole, and the other insole's correction onto it.
    var referenceSide: Side?
    var insoleCorrections: [Side: ClockCorrection] = [:]
    /// Every correction found, for the report (the reference has the identity).
    var clockCorrections: [ClockCorrection] = []
    var calibrations: [Placement: SegmentCalibration] = [:]
    var standing: (start: Double, end: Double)
    /// Mean over standing of the pelvis's and each foot's roll, and of each knee's abduction, degrees.
    var rollReferencesDeg: [Placement: Double] = [:]
    var kneeReferencesDeg: [Side: Double] = [:]
    var warnings: [AnalysisWarning] = []

    /// Thigh clock lags below this are not corrected, seconds: the lag found has a bias of its own
    /// (1.5–3.5 ms measured against the simulator's truth), and the knee axes fitted afterwards
    /// move with the timing; a smaller lag is left alone rather than replaced by one no better.
    static let minimumThighLagS = 0.003

    /// Calibrates from `stances` (each side's on its own insole's clock) and the tracks' data.
    /// - Parameters:
    ///   - tracks: every IMU; a thigh's samples are put on its shank's clock when they lag.
    ///   - insoleIDs: the sensor id of each side's insole.
    ///   - headingLookBackS, headingLookAheadS: data either side of standing the knee's heading
    ///     alignment may use.
    init(tracks: inout [ImuTrack], stances rawStances: [Side: [StancePhase]], insoleIDs: [Side: String],
         standing: (start: Double, end: Double), headingLookBackS: Double, headingLookAheadS: Double) {
        self.standing = standing
        alignInsoles(rawStances, insoleIDs: insoleIDs)
        let stances = Side.allCases.flatMap { side in (rawStances[side] ?? []).map { self.onReferenceClock($0) } }
            .sorted { $0.initialContactS < $1.initialContactS }
        guard let first = stances.first, let last = stances.last else { return }
        let gait = first.initialContactS...last.toeOffS
        clockCorrections += alignThighsToShanks(tracks: &tracks, gait: gait)

        let kneeAxes = kneeFlexionAxes(tracks: tracks, gait: gait)
        for track in tracks {
            let calibration: SegmentCalibration? = track.placement == .pelvis
                ? SegmentCalibrator.calibratePelvis(track, standing: standing, stances: stances)
                : SegmentCalibrator.calibrateFlexingSegment(track, standing: standing, gait: gait,
                                                            flexionAxis: kneeAxes[track.placement],
                                                            stances: footStanceWindows(track.placement, stances))
            if let calibration { calibrations[track.placement] = calibration } else {
                warnings.append(AnalysisWarning(code: "calibration-failed", sensor: track.sensorID, start: nil, end: nil,
                                                message: "\(track.placement.rawValue) could not be calibrated (too little standing or gait data); its measures are not reported"))
            }
        }

        let measurer = StrideMeasurer(standing: standing)
        for track in tracks where track.placement == .pelvis || track.placement.segment == .foot(.left) || track.placement.segment == .foot(.right) {
            guard let calibration = calibrations[track.placement] else { continue }
            rollReferencesDeg[track.placement] = SegmentRoll.standingReferenceDeg(track: track, calibration: calibration, measurer: measurer)
        }
        for side in Side.allCases {
            guard let knee = knee(side, tracks: tracks,
                                  span: (standing.start - headingLookBackS)...(standing.end + headingLookAheadS)) else { continue }
            kneeReferencesDeg[side] = measurer.standingMeanDeg(times: knee.shank.track.timesS, knee.abductionDeg)
        }
    }

    /// A stance of either insole on the reference clock.
    func onReferenceClock(_ stance: StancePhase) -> StancePhase {
        guard let correction = insoleCorrections[stance.side] else { return stance }
        return StancePhase(side: stance.side, initialContactS: correction.referenceTime(stance.initialContactS),
                           toeOffS: correction.referenceTime(stance.toeOffS), source: stance.source)
    }

    /// The knee of one side with both its segments calibrated, its heading aligned over `span`.
    func knee(_ side: Side, tracks: [ImuTrack], span: ClosedRange<Double>) -> KneeAbduction? {
        let (thighPlacement, shankPlacement): (Placement, Placement) = side == .left ? (.leftThigh, .leftShank) : (.rightThigh, .rightShank)
        guard let thigh = tracks.first(where: { $0.placement == thighPlacement }), let thighCalibration = calibrations[thighPlacement],
              let shank = tracks.first(where: { $0.placement == shankPlacement }), let shankCalibration = calibrations[shankPlacement]
        else { return nil }
        return KneeAbduction(thigh: (thigh, thighCalibration), shank: (shank, shankCalibration), span: span)
    }

    /// Puts the insoles on one clock (the left insole's; the right's if there is no left one).
    private mutating func alignInsoles(_ stances: [Side: [StancePhase]], insoleIDs: [Side: String]) {
        guard let reference: Side = insoleIDs[.left] != nil ? .left : insoleIDs[.right] != nil ? .right : nil,
              let referenceID = insoleIDs[reference] else {
            warnings.append(AnalysisWarning(code: "clock-unaligned", sensor: nil, start: nil, end: nil,
                                            message: "without insoles the sensors' clocks are used as recorded (residual offsets are not corrected)"))
            return
        }
        referenceSide = reference
        clockCorrections.append(.identity(referenceID, method: "reference clock"))

        // The other insole: a residual offset δ makes steps from the reference foot to the other
        // longer by δ and the steps back shorter by δ, so δ is half the difference of their means.
        // (An asymmetric step time biases this by half the asymmetry: 2 % of a 350 ms step is
        // 3.5 ms. The pelvis could share an event with both insoles, but no landmark of its
        // loading was found that follows both feet with the same delay.)
        let other = reference.opposite
        if let otherID = insoleIDs[other], let otherStances = stances[other], let referenceStances = stances[reference] {
            let all = (referenceStances.map { ($0.initialContactS, true) } + otherStances.map { ($0.initialContactS, false) }).sorted { $0.0 < $1.0 }
            var outbound: [Double] = [], inbound: [Double] = []
            for (a, b) in zip(all, all.dropFirst()) where a.1 != b.1 && b.0 - a.0 < 1.5 {
                if a.1 { outbound.append(b.0 - a.0) } else { inbound.append(b.0 - a.0) }
            }
            if outbound.count >= 3 && inbound.count >= 3 {
                func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
                let correction = ClockCorrection(sensorID: otherID, offsetS: (median(outbound) - median(inbound)) / 2, driftPpm: 0, anchorS: 0,
                                                 method: "equal median step times from either foot (an asymmetric step time biases this by half the asymmetry)")
                insoleCorrections[other] = correction
                clockCorrections.append(correction)
            }
        }

        // IMU clocks against the insoles are used as recorded: estimating their residual offsets
        // from shared impacts is not reliable yet (the delay from contact to an IMU's impact
        // varies by segment). Peaks within a stance move little with a window a few ms off.
        warnings.append(AnalysisWarning(code: "imu-clocks-unaligned", sensor: nil, start: nil, end: nil,
                                        message: "IMU clocks are used as recorded against the insoles' (a residual offset of a few tens of ms shifts each stance window by as much)"))
    }

    /// Puts each thigh on its shank's clock: the lag that best satisfies the knee's hinge
    /// constraint, found on chunks of gait and fitted with a line to follow relative drift.
    /// The knee angle compares the two at the same instant, so their relative timing matters most.
    private func alignThighsToShanks(tracks: inout [ImuTrack], gait: ClosedRange<Double>) -> [ClockCorrection] {
        var corrections: [ClockCorrection] = []
        for side in Side.allCases {
            let (thighPlacement, shankPlacement): (Placement, Placement) = side == .left ? (.leftThigh, .leftShank) : (.rightThigh, .rightShank)
            guard let thighIndex = tracks.firstIndex(where: { $0.placement == thighPlacement }),
                  let shank = tracks.first(where: { $0.placement == shankPlacement }),
                  let a = SegmentCalibrator.principalAxis(tracks[thighIndex], gait: gait)?.axis,
                  let b = SegmentCalibrator.principalAxis(shank, gait: gait)?.axis else { continue }
            // 20 s chunks, at most 10: enough to follow a linear drift.
            let chunks = min(10, max(1, Int((gait.upperBound - gait.lowerBound) / 20)))
            var middles: [Double] = [], lags: [Double] = []
            var search = -0.08...0.08
            for k in 0..<chunks {
                let start = gait.lowerBound + Double(k) * (gait.upperBound - gait.lowerBound) / Double(chunks)
                let end = gait.lowerBound + Double(k + 1) * (gait.upperBound - gait.lowerBound) / Double(chunks)
                guard let found = HingeAxisEstimator.bestLag(proximal: tracks[thighIndex], distal: shank, over: start...end,
                                                             initial: (a, b), search: search) else { continue }
                middles.append((start + end) / 2)
                lags.append(found.lagS)
                // Drift moves the lag by at most 8 ms in 20 s (±200 ppm relative).
                search = (found.lagS - 0.02)...(found.lagS + 0.02)
            }
            guard !lags.isEmpty else { continue }
            let line = lags.count >= 3 ? ClockAlignment.robustLine(middles, lags) : nil
            let correction = ClockCorrection(sensorID: tracks[thighIndex].sensorID,
                                             offsetS: line?.intercept ?? lags.reduce(0, +) / Double(lags.count),
                                             driftPpm: (line?.slope ?? 0) * 1e6, anchorS: line?.anchor ?? 0,
                                             method: "onto \(shank.sensorID)'s clock by the knee's hinge constraint (Seel et al. 2014)")
            if abs(correction.offsetS) > Self.minimumThighLagS { tracks[thighIndex].mapTimes(correction) }
            corrections.append(correction)
        }
        return corrections
    }

    /// For a foot, its own side's stances (with 50 ms either side, where the foot lands and rolls
    /// off); nil for other segments.
    private func footStanceWindows(_ placement: Placement, _ stances: [StancePhase]) -> [ClosedRange<Double>]? {
        guard case .foot(let side) = placement.segment else { return nil }
        return stances.filter { $0.side == side }.map { ($0.initialContactS - 0.05)...($0.toeOffS + 0.05) }
    }

    /// The knee's flexion axis in the thigh's and the shank's sensor frames, by the hinge
    /// constraint (Seel et al. 2014), for each side with both sensors.
    private func kneeFlexionAxes(tracks: [ImuTrack], gait: ClosedRange<Double>) -> [Placement: (axis: Vector3, method: String)] {
        var axes: [Placement: (axis: Vector3, method: String)] = [:]
        for side in Side.allCases {
            let (thighPlacement, shankPlacement): (Placement, Placement) = side == .left ? (.leftThigh, .leftShank) : (.rightThigh, .rightShank)
            guard let thigh = tracks.first(where: { $0.placement == thighPlacement }),
                  let shank = tracks.first(where: { $0.placement == shankPlacement }),
                  let thighStart = SegmentCalibrator.principalAxis(thigh, gait: gait),
                  let shankStart = SegmentCalibrator.principalAxis(shank, gait: gait) else { continue }
            // Simultaneous angular velocities, the thigh's interpolated at the shank's sample
            // times; at most ~3000, evenly spread over gait.
            let pairs = HingeAxisEstimator.pairs(proximal: thigh, distal: shank, over: gait, lagS: 0)
            guard let fit = HingeAxisEstimator.estimate(pairs: pairs, initial: (thighStart.axis, shankStart.axis)) else { continue }
            func method(_ partner: Placement) -> String {
                String(format: "from the knee's hinge constraint with %@ (Seel et al. 2014; residual %.2f rad/s)",
                       partner.rawValue as NSString, fit.residualRadPerS)
            }
            axes[thighPlacement] = (fit.0, method(shankPlacement))
            axes[shankPlacement] = (fit.1, method(thighPlacement))
        }
        return axes
    }
}
