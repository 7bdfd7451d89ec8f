import Dispatch
import Foundation
import GaitCore
import GaitSessionFiles
import Synchronization

/// One footstrike's result (report-json.md, `strides[]`).
public struct StrideResult: Sendable, Equatable {
    public var index: Int
    public var side: Side
    public var initialContactS: Double
    public var toeOffS: Double
    public var nextInitialContactS: Double?
    public var eventSource: StancePhase.Source
    public var measures: StrideMeasures

    public var stanceS: Double { toeOffS - initialContactS }
    public var strideS: Double? { nextInitialContactS.map { $0 - initialContactS } }
}

/// A warning for the report (report-json.md, `warnings[]`).
public struct AnalysisWarning: Sendable, Equatable, Codable {
    public var code: String
    public var sensor: String?
    public var start: Double?
    public var end: Double?
    public var message: String
}

/// Everything the analysis found in one session.
public struct AnalysisResult: Sendable {
    public var strides: [StrideResult]
    public var calibrations: [SegmentCalibration]
    /// The standing interval used, and whether it was declared or found.
    public var standing: (start: Double, end: Double)?
    public var standingWasFound: Bool
    public var warnings: [AnalysisWarning]
    public var partial: Bool
    /// The residual clock corrections applied, one per sensor (the reference has none).
    public var clockCorrections: [ClockCorrection]
}

/// The analysis of a whole recorded session: per-sensor orientation tracks (concurrently, on
/// Dispatch), quiet standing, gait events, calibration, then the measures of every footstrike.
public struct SessionAnalysis {
    public let session: RecordedSession

    public init(session: RecordedSession) { self.session = session }

    public func run() -> AnalysisResult {
        var warnings: [AnalysisWarning] = []
        var tracks = buildTracks()
        func track(_ placement: Placement) -> ImuTrack? { tracks.first { $0.placement == placement } }

        // Gaps are reported once per run of lost samples, never filled in.
        for recording in session.recordings {
            for gap in recording.gaps {
                warnings.append(AnalysisWarning(code: "gap", sensor: recording.sensor.id, start: gap.start, end: gap.end,
                                                message: String(format: "%.0f ms of samples missing (about %d samples)", gap.duration * 1000, gap.missingSamples)))
            }
        }
        let partial = session.recordings.contains { $0.isPartial }
        for recording in session.recordings where recording.isPartial {
            warnings.append(AnalysisWarning(code: "partial", sensor: recording.sensor.id, start: recording.timesS.last, end: nil,
                                            message: "the file ends in a truncated line; the samples before it were used"))
        }

        // Quiet standing: declared, or found.
        var standing: (start: Double, end: Double)?
        var standingWasFound = false
        if let declared = session.manifest.standing {
            standing = (declared.start, declared.end)
        } else if let found = QuietStanding.find(in: tracks) {
            standing = found
            standingWasFound = true
            warnings.append(AnalysisWarning(code: "standing-found", sensor: nil, start: found.start, end: found.end,
                                            message: String(format: "session.json declares no quiet standing; %.1f–%.1f s was found (all sensors still) and used as the reference", found.start, found.end)))
        } else if !tracks.isEmpty {
            warnings.append(AnalysisWarning(code: "no-standing", sensor: nil, start: nil, end: nil,
                                            message: "no quiet standing declared or found: no sensor can be calibrated, so pelvic drop, knee valgus and eversion are not measured"))
        }

        // Gait events from the insoles, then every clock onto the reference's.
        var insoleStances: [Side: [StancePhase]] = [:]
        for side in Side.allCases {
            let placement: Placement = side == .left ? .leftInsole : .rightInsole
            guard let insole = session.recording(at: placement) else {
                warnings.append(AnalysisWarning(code: "no-events", sensor: nil, start: nil, end: nil,
                                                message: "no \(placement.rawValue): \(side.rawValue) footstrikes are not detected"))
                continue
            }
            insoleStances[side] = self.insoleStances(insole, side: side)
        }
        var clocks = alignClocks(tracks: tracks, insoleStances: &insoleStances, warnings: &warnings)
        var stances = (insoleStances[.left] ?? []) + (insoleStances[.right] ?? [])
        stances.sort { $0.initialContactS < $1.initialContactS }
        if let first = stances.first, let last = stances.last {
            clocks += alignThighsToShanks(tracks: &tracks, gait: first.initialContactS...last.toeOffS)
        }

        // Calibration.
        var calibrations: [SegmentCalibration] = []
        if let standing, let first = stances.first, let last = stances.last {
            let gait = first.initialContactS...last.toeOffS
            let kneeAxes = kneeFlexionAxes(tracks: tracks, gait: gait)
            for track in tracks {
                let calibration: SegmentCalibration? = track.placement == .pelvis
                    ? SegmentCalibrator.calibratePelvis(track, standing: standing, stances: stances)
                    : SegmentCalibrator.calibrateFlexingSegment(track, standing: standing, gait: gait,
                                                                flexionAxis: kneeAxes[track.placement],
                                                                stances: footStanceWindows(track.placement, stances))
                if let calibration { calibrations.append(calibration) } else {
                    warnings.append(AnalysisWarning(code: "calibration-failed", sensor: track.sensorID, start: nil, end: nil,
                                                     message: "\(track.placement.rawValue) could not be calibrated (too little standing or gait data); its measures are not reported"))
                }
            }
        }
        func calibrated(_ placement: Placement) -> (ImuTrack, SegmentCalibration)? {
            guard let track = track(placement), let calibration = calibrations.first(where: { $0.placement == placement }) else { return nil }
            return (track, calibration)
        }

        // Measures: each stance gets every measure its sensors allow (none without standing).
        let measurer = standing.map { StrideMeasurer(standing: $0) }
        let pelvis = measurer.flatMap { m in calibrated(.pelvis).map { SegmentRoll(track: $0.0, calibration: $0.1, measurer: m) } }
        var knees: [Side: KneeAbduction] = [:]
        var feet: [Side: SegmentRoll] = [:]
        if let measurer, let standing, let first = stances.first, let last = stances.last {
            for side in Side.allCases {
                if let thigh = calibrated(side == .left ? .leftThigh : .rightThigh),
                   let shank = calibrated(side == .left ? .leftShank : .rightShank) {
                    knees[side] = KneeAbduction(thigh: thigh, shank: shank,
                                                span: min(standing.start, first.initialContactS)...last.toeOffS, measurer: measurer)
                }
                if let foot = calibrated(side == .left ? .leftFoot : .rightFoot) {
                    feet[side] = SegmentRoll(track: foot.0, calibration: foot.1, measurer: measurer)
                }
            }
        }
        var strides: [StrideResult] = []
        for (index, stance) in stances.enumerated() {
            let window = stance.initialContactS...stance.toeOffS
            var measures = StrideMeasures()
            measures.pelvicDropDeg = pelvis?.peak(side: stance.side, stance: window)
            measures.kneeValgusDeg = knees[stance.side]?.peak(side: stance.side, stance: window)
            if let eversion = feet[stance.side]?.eversion(side: stance.side, stance: window) {
                measures.pronationDeg = eversion.pronation
                measures.peakEversionDeg = eversion.peak
                measures.eversionVelocityDegPerS = eversion.velocity
            }
            let next = stances[(index + 1)...].first { $0.side == stance.side }?.initialContactS
            strides.append(StrideResult(index: index, side: stance.side, initialContactS: stance.initialContactS,
                                        toeOffS: stance.toeOffS, nextInitialContactS: next,
                                        eventSource: stance.source, measures: measures))
        }
        return AnalysisResult(strides: strides, calibrations: calibrations, standing: standing,
                              standingWasFound: standingWasFound, warnings: warnings, partial: partial,
                              clockCorrections: clocks)
    }

    /// Puts the insoles on one clock (the left insole's; the right's if there is no left one) and
    /// returns the corrections applied.
    func alignClocks(tracks: [ImuTrack], insoleStances: inout [Side: [StancePhase]],
                     warnings: inout [AnalysisWarning]) -> [ClockCorrection] {
        var corrections: [ClockCorrection] = []
        guard let referenceSide: Side = insoleStances[.left] != nil ? .left : insoleStances[.right] != nil ? .right : nil else {
            warnings.append(AnalysisWarning(code: "clock-unaligned", sensor: nil, start: nil, end: nil,
                                            message: "without insoles the sensors' clocks are used as recorded (residual offsets are not corrected)"))
            return []
        }
        let referenceID = session.recording(at: referenceSide == .left ? .leftInsole : .rightInsole)!.sensor.id
        corrections.append(.identity(referenceID, method: "reference clock"))

        // The other insole: a residual offset δ makes steps from the reference foot to the other
        // longer by δ and the steps back shorter by δ, so δ is half the difference of their means.
        // (An asymmetric step time biases this by half the asymmetry: 2 % of a 350 ms step is
        // 3.5 ms. The pelvis could share an event with both insoles, but no landmark of its
        // loading was found that follows both feet with the same delay.)
        let other = referenceSide.opposite
        if let otherStances = insoleStances[other], let referenceStances = insoleStances[referenceSide],
           let otherID = session.recording(at: other == .left ? .leftInsole : .rightInsole)?.sensor.id {
            var correction: ClockCorrection?
            let all = (referenceStances.map { ($0.initialContactS, true) } + otherStances.map { ($0.initialContactS, false) }).sorted { $0.0 < $1.0 }
            var outbound: [Double] = [], inbound: [Double] = []
            for (a, b) in zip(all, all.dropFirst()) where a.1 != b.1 && b.0 - a.0 < 1.5 {
                if a.1 { outbound.append(b.0 - a.0) } else { inbound.append(b.0 - a.0) }
            }
            if outbound.count >= 3 && inbound.count >= 3 {
                func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
                let offset = (median(outbound) - median(inbound)) / 2
                correction = ClockCorrection(sensorID: otherID, offsetS: offset, driftPpm: 0, anchorS: 0,
                                             method: "equal median step times from either foot (an asymmetric step time biases this by half the asymmetry)")
            }
            if let correction {
                corrections.append(correction)
                insoleStances[other] = otherStances.map {
                    StancePhase(side: $0.side, initialContactS: correction.referenceTime($0.initialContactS),
                                toeOffS: correction.referenceTime($0.toeOffS), source: $0.source)
                }
            }
        }

        // IMU clocks against the insoles are used as recorded: estimating their residual offsets
        // from shared impacts is not reliable yet (the delay from contact to an IMU's impact
        // varies by segment). Peaks within a stance move little with a window a few ms off.
        if !tracks.isEmpty {
            warnings.append(AnalysisWarning(code: "imu-clocks-unaligned", sensor: nil, start: nil, end: nil,
                                            message: "IMU clocks are used as recorded against the insoles' (a residual offset of a few tens of ms shifts each stance window by as much)"))
        }
        return corrections
    }

    /// Puts each thigh on its shank's clock: the lag that best satisfies the knee's hinge
    /// constraint, found on chunks of gait and fitted with a line to follow relative drift.
    /// The knee angle compares the two at the same instant, so their relative timing matters most.
    func alignThighsToShanks(tracks: inout [ImuTrack], gait: ClosedRange<Double>) -> [ClockCorrection] {
        var corrections: [ClockCorrection] = []
        for side in Side.allCases {
            let (thighPlacement, shankPlacement): (Placement, Placement) = side == .left ? (.leftThigh, .leftShank) : (.rightThigh, .rightShank)
            guard let thighIndex = tracks.firstIndex(where: { $0.placement == thighPlacement }),
                  let shank = tracks.first(where: { $0.placement == shankPlacement }),
                  let a = SegmentCalibrator.principalAxis(tracks[thighIndex], gait: gait)?.axis,
                  let b = SegmentCalibrator.principalAxis(shank, gait: gait)?.axis else { continue }
            // 20 s chunks, at most 10 a session: enough to follow a linear drift.
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
            // The lag found has a bias of its own (1.5–3.5 ms measured against the simulator's
            // truth), and the knee axes fitted afterwards move with the timing; a smaller lag is
            // left alone rather than replaced by one that is no better.
            if abs(correction.offsetS) > Self.minimumThighLagS { tracks[thighIndex].mapTimes(correction) }
            corrections.append(correction)
        }
        return corrections
    }

    /// For a foot, its own side's stances (with 50 ms either side, where the foot lands and rolls
    /// off); nil for other segments.
    func footStanceWindows(_ placement: Placement, _ stances: [StancePhase]) -> [ClosedRange<Double>]? {
        guard case .foot(let side) = placement.segment else { return nil }
        return stances.filter { $0.side == side }.map { ($0.initialContactS - 0.05)...($0.toeOffS + 0.05) }
    }

    /// Thigh clock lags below this are not corrected, seconds (see `alignThighsToShanks`).
    static let minimumThighLagS = 0.003

    /// The knee's flexion axis in the thigh's and the shank's sensor frames, by the hinge
    /// constraint (Seel et al. 2014), for each side with both sensors.
    func kneeFlexionAxes(tracks: [ImuTrack], gait: ClosedRange<Double>) -> [Placement: (axis: Vector3, method: String)] {
        var axes: [Placement: (axis: Vector3, method: String)] = [:]
        for side in Side.allCases {
            let (thighPlacement, shankPlacement): (Placement, Placement) = side == .left ? (.leftThigh, .leftShank) : (.rightThigh, .rightShank)
            guard let thigh = tracks.first(where: { $0.placement == thighPlacement }),
                  let shank = tracks.first(where: { $0.placement == shankPlacement }),
                  let thighStart = SegmentCalibrator.principalAxis(thigh, gait: gait),
                  let shankStart = SegmentCalibrator.principalAxis(shank, gait: gait) else { continue }
            // Pairs of simultaneous angular velocities, the thigh's interpolated at the shank's
            // sample times; at most ~3000, evenly spread over gait.
            var pairs: [(Vector3, Vector3)] = []
            let indices = StrideMeasurer.inside(shank.timesS, gait)
            let step = max(1, indices.count / 3000)
            for k in stride(from: 0, to: indices.count, by: step) {
                let i = indices.lowerBound + k, t = shank.timesS[i]
                guard let j = thigh.index(atOrBefore: t), j + 1 < thigh.timesS.count,
                      thigh.timesS[j + 1] - thigh.timesS[j] <= 1.5 / thigh.rateHz else { continue }
                let fraction = (t - thigh.timesS[j]) / (thigh.timesS[j + 1] - thigh.timesS[j])
                let thighOmega = thigh.gyroscopeRadPerS[j] + fraction * (thigh.gyroscopeRadPerS[j + 1] - thigh.gyroscopeRadPerS[j])
                pairs.append((thighOmega, shank.gyroscopeRadPerS[i]))
            }
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

    /// One orientation track per IMU, each on a Dispatch worker of its own.
    func buildTracks() -> [ImuTrack] {
        let imus = session.recordings.filter { $0.sensor.kind == .imu }
        let results = Mutex<[ImuTrack?]>(Array(repeating: nil, count: imus.count))
        DispatchQueue.concurrentPerform(iterations: imus.count) { index in
            let recording = imus[index]
            var track = ImuTrack(sensorID: recording.sensor.id, placement: recording.sensor.placement, rateHz: recording.sensor.rateHz)
            for i in recording.timesS.indices {
                let v = recording.sample(i), b = v.startIndex
                track.append(timeS: recording.timesS[i], accelerometerMps2: Vector3(v[b], v[b + 1], v[b + 2]),
                             gyroscopeRadPerS: Vector3(v[b + 3], v[b + 4], v[b + 5]))
            }
            results.withLock { $0[index] = track }
        }
        return results.withLock { $0.compactMap { $0 } }
    }

    func insoleStances(_ recording: SensorRecording, side: Side) -> [StancePhase] {
        let detector = InsoleEventDetector()
        let width = recording.columns.valueCount
        let pressures = recording.timesS.indices.map { Array(recording.sample($0)) }
        let baselines = detector.baselinesKPa(pressuresKPa: pressures)
        let areas = recording.sensor.cells?.map(\.areaMm2) ?? Array(repeating: 0, count: width)
        let forces = pressures.map { InsoleEventDetector.forceN(pressuresKPa: $0, baselinesKPa: baselines, areasMm2: areas) }
        return detector.detect(side: side, timesS: recording.timesS, forcesN: forces, nominalPeriodS: 1 / recording.sensor.rateHz)
    }
}

/// The roll of a calibrated segment in the heading-free world frame (Cardan Z-Y-X), relative to
/// its mean over quiet standing: the pelvis's obliquity, the foot's eversion.
struct SegmentRoll {
    let track: ImuTrack
    let calibration: SegmentCalibration
    let referenceDeg: Double?

    init(track: ImuTrack, calibration: SegmentCalibration, measurer: StrideMeasurer) {
        self.track = track
        self.calibration = calibration
        referenceDeg = measurer.standingMeanDeg(times: track.timesS) { [track, calibration] t in
            Self.rollDeg(track: track, calibration: calibration, t)
        }
    }

    private static func rollDeg(track: ImuTrack, calibration: SegmentCalibration, _ t: Double) -> Double? {
        track.orientation(at: t).map { Angle.degrees(fromRadians: CardanZYX(calibration.segmentOrientation($0)).rollRad) }
    }

    func rollDeg(_ t: Double) -> Double? { Self.rollDeg(track: track, calibration: calibration, t) }

    /// Peak of the signed roll over a stance (pelvic drop).
    func peak(side: Side, stance: ClosedRange<Double>) -> Double? {
        guard let referenceDeg else { return nil }
        return StrideMeasurer.peak(side: side, referenceDeg: referenceDeg, times: track.timesS, stance: stance, rollDeg)
    }

    /// Pronation, peak eversion and peak eversion velocity over a stance (foot).
    func eversion(side: Side, stance: ClosedRange<Double>) -> (pronation: Double, peak: Double, velocity: Double)? {
        guard let referenceDeg else { return nil }
        return StrideMeasurer.eversion(side: side, referenceDeg: referenceDeg, times: track.timesS, rateHz: track.rateHz,
                                       stance: stance, rollDeg)
    }
}

/// Knee abduction: the x-rotation of R(thigh←shank) in the Grood–Suntay Y-X-Z sequence, after the
/// shank's heading is aligned to the thigh's across the knee.
struct KneeAbduction {
    let thigh: (ImuTrack, SegmentCalibration)
    let shank: (ImuTrack, SegmentCalibration)
    let alignment: HeadingAlignment
    var referenceDeg: Double?

    init(thigh: (ImuTrack, SegmentCalibration), shank: (ImuTrack, SegmentCalibration), span: ClosedRange<Double>, measurer: StrideMeasurer) {
        self.thigh = thigh
        self.shank = shank
        alignment = HeadingAlignment(
            span: span,
            proximal: { t in thigh.0.orientation(at: t).map(thigh.1.segmentOrientation) },
            distal: { t in shank.0.orientation(at: t).map(shank.1.segmentOrientation) })
        referenceDeg = nil
        referenceDeg = measurer.standingMeanDeg(times: shank.0.timesS, abductionDeg)
    }

    func abductionDeg(_ t: Double) -> Double? {
        guard let thighWorld = thigh.0.orientation(at: t).map(thigh.1.segmentOrientation),
              let shankWorld = shank.0.orientation(at: t).map(shank.1.segmentOrientation) else { return nil }
        let knee = thighWorld.conjugate * alignment.correction(at: t) * shankWorld
        return Angle.degrees(fromRadians: CardanYXZ(knee).xRotationRad)
    }

    func peak(side: Side, stance: ClosedRange<Double>) -> Double? {
        guard let referenceDeg else { return nil }
        return StrideMeasurer.peak(side: side, referenceDeg: referenceDeg, times: shank.0.timesS, stance: stance, abductionDeg)
    }
}
