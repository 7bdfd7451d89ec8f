import Foundation
import GaitCore
import GaitSessionFiles

/// The analysis's state between samples: each IMU's recent samples and orientations, the stances
/// the insoles have reported, the calibration once it is known, and the strides measured.
///
/// Every decision depends on the data alone, never on when or in what pieces it arrived: the
/// engine tracks, per sensor, how far its data is complete (its watermark), and acts only on
/// times that every sensor has passed. So a session fed live, from files, or in random pieces
/// from several threads gives the same strides, bit for bit.
struct AnalysisEngine {
    let configuration: AnalysisConfiguration
    let manifest: SessionManifest
    private(set) var tracks: [ImuTrack]
    /// For each IMU (tracks' order) and each insole: data complete up to this time.
    private var imuWatermarksS: [Double]
    private var insoleWatermarksS: [Side: Double] = [:]
    private let insoleIDs: [Side: String]
    /// Stances on their insole's own clock, until the calibration puts them on the reference's.
    private var rawStances: [Side: [StancePhase]] = [:]
    /// Stances on the reference clock awaiting their stride, in toe-off order.
    private var pending: [StancePhase] = []
    private(set) var calibration: SessionCalibration?
    private var calibrationAbandoned = false
    private(set) var standingWasFound = false
    private(set) var warnings: [AnalysisWarning] = []
    private(set) var strides: [StrideResult] = []
    /// Mean ± SD stance curves per angle and side, over the strides measured.
    private(set) var stanceCurves: [StanceCurve] = []
    private var firstSampleS: Double?

    init(manifest: SessionManifest, configuration: AnalysisConfiguration) {
        self.manifest = manifest
        self.configuration = configuration
        let imus = manifest.sensors.filter { $0.kind == .imu }
        tracks = imus.map { ImuTrack(sensorID: $0.id, placement: $0.placement, rateHz: $0.rateHz) }
        imuWatermarksS = Array(repeating: -.infinity, count: imus.count)
        var insoles: [Side: String] = [:]
        for sensor in manifest.sensors {
            if sensor.placement == .leftInsole { insoles[.left] = sensor.id }
            if sensor.placement == .rightInsole { insoles[.right] = sensor.id }
        }
        insoleIDs = insoles
        for side in insoles.keys { insoleWatermarksS[side] = -.infinity }
        if insoles.isEmpty {
            warnings.append(AnalysisWarning(code: "clock-unaligned", sensor: nil, start: nil, end: nil,
                                            message: "without insoles the sensors' clocks are used as recorded (residual offsets are not corrected)"))
        }
        for side in Side.allCases where insoles[side] == nil {
            let placement: Placement = side == .left ? .leftInsole : .rightInsole
            let foot: Placement = side == .left ? .leftFoot : .rightFoot
            if let footIMU = imus.first(where: { $0.placement == foot }) {
                warnings.append(AnalysisWarning(code: "imu-events", sensor: footIMU.id, start: nil, end: nil,
                                                message: "no \(placement.rawValue): \(side.rawValue) footstrikes are timed from the \(foot.rawValue) IMU (pitch angular velocity, Falbriard et al. 2018)"))
            } else {
                warnings.append(AnalysisWarning(code: "no-events", sensor: nil, start: nil, end: nil,
                                                message: "no \(placement.rawValue) and no \(foot.rawValue) IMU: \(side.rawValue) footstrikes are not detected"))
            }
        }
    }

    // MARK: - Input

    /// Samples of the IMU at `imuIndex` (in manifest order among IMUs), in time order.
    /// Samples of the IMU at `imuIndex` (in manifest order among IMUs), in time order, and for a
    /// foot the stances its motion completed.
    mutating func receive(_ samples: OrientedSamples, imuIndex: Int, footStances: [StancePhase] = []) -> [StrideResult] {
        guard let last = samples.timesS.last else { return [] }
        tracks[imuIndex].append(samples)
        imuWatermarksS[imuIndex] = last
        firstSampleS = min(firstSampleS ?? samples.timesS[0], samples.timesS[0])
        for side in Side.allCases {
            let stances = footStances.filter { $0.side == side }
            guard !stances.isEmpty else { continue }
            if insoleIDs[side] != nil {
                // The insole gives this foot's events; the IMU's are kept to cross-check them.
                footCrossCheck[side, default: EventCrossCheck()].addImuStances(stances)
            } else {
                add(stances, side: side)
            }
        }
        return advance()
    }

    /// Stances an insole reported, and how far its data is complete.
    mutating func receive(_ stances: [StancePhase], side: Side, completeThroughS: Double) -> [StrideResult] {
        insoleWatermarksS[side] = completeThroughS
        add(stances, side: side)
        return advance()
    }

    /// Stances of one foot, on their sensor's own clock.
    private mutating func add(_ stances: [StancePhase], side: Side) {
        guard !stances.isEmpty else { return }
        if let calibration {
            pending += stances.map(calibration.onReferenceClock)
            pending.sort(by: Self.toeOffOrder)
        } else if calibrationAbandoned {
            pending += stances
            pending.sort(by: Self.toeOffOrder)
        } else {
            rawStances[side, default: []] += stances
        }
    }

    /// Each foot's IMU events against its insole's, where it has both.
    private var footCrossCheck: [Side: EventCrossCheck] = [:]

    /// A foot whose events should have come from its IMU but gave none: said plainly.
    var missingEventWarnings: [AnalysisWarning] {
        Side.allCases.compactMap { side in
            let foot: Placement = side == .left ? .leftFoot : .rightFoot
            guard insoleIDs[side] == nil, let track = tracks.first(where: { $0.placement == foot }),
                  !strides.contains(where: { $0.side == side }) else { return nil }
            return AnalysisWarning(code: "no-events", sensor: track.sensorID, start: nil, end: nil,
                                   message: "no \(side.rawValue) footstrike could be placed from the \(foot.rawValue) IMU (its pitch rate showed no contact and toe-off within a plausible stance); \(side.rawValue) strides are not reported")
        }
    }

    /// What the cross-checks found, for the report (one line per foot with both sources).
    var crossCheckWarnings: [AnalysisWarning] {
        Side.allCases.compactMap { side in
            footCrossCheck[side].flatMap { $0.summary(side: side, insoleID: insoleIDs[side] ?? "insole") }
        }
    }

    /// The IMU at `imuIndex` will send nothing more.
    mutating func finishImu(_ imuIndex: Int) -> [StrideResult] {
        imuWatermarksS[imuIndex] = .infinity
        return advance()
    }

    mutating func addWarnings(_ more: [AnalysisWarning]) { warnings += more }

    // MARK: - Progress

    /// Every sensor's data is complete up to this time.
    private var watermarkS: Double {
        min(imuWatermarksS.min() ?? .infinity, insoleWatermarksS.values.min() ?? .infinity)
    }

    private var allFinished: Bool { watermarkS == .infinity }

    /// Calibrates when it can, then measures every stance whose data has all arrived.
    private mutating func advance() -> [StrideResult] {
        let watermark = watermarkS
        if calibration == nil && !calibrationAbandoned { calibrateIfReady(watermark) }
        guard calibration != nil || calibrationAbandoned else { return [] }
        var measured: [StrideResult] = []
        while let next = pending.first, next.toeOffS + configuration.lookAheadS <= watermark || allFinished {
            pending.removeFirst()
            if next.source == .insole { footCrossCheck[next.side]?.compare(insoleStance: next) }
            measured.append(measure(next, index: strides.count + measured.count))
        }
        strides += measured
        if !measured.isEmpty { discardWhatNoStrideNeeds(watermark) }
        return measured
    }

    /// Stances in the order their strides are reported: by toe-off (a stance is complete at its
    /// toe-off), then left before right.
    private static func toeOffOrder(_ a: StancePhase, _ b: StancePhase) -> Bool {
        a.toeOffS != b.toeOffS ? a.toeOffS < b.toeOffS : a.side == .left && b.side == .right
    }

    private mutating func calibrateIfReady(_ watermark: Double) {
        let detected = rawStances.values.joined()
        let finished = allFinished
        guard let firstContactS = detected.map(\.initialContactS).min() else {
            if finished || (firstSampleS.map { watermark - $0 > configuration.maximumWarmUpS } ?? false) { abandonCalibration() }
            return
        }
        // The gait to calibrate from, and the standing before or within it.
        var cutoffS = firstContactS + configuration.calibrationGaitS
        if let declared = manifest.standing { cutoffS = max(cutoffS, declared.end + configuration.lookBackS) }
        guard finished || watermark >= cutoffS + configuration.lookAheadS else {
            if let firstSampleS, watermark - firstSampleS > configuration.maximumWarmUpS { abandonCalibration() }
            return
        }
        if finished { cutoffS = .infinity }
        var standing: (start: Double, end: Double)?
        if let declared = manifest.standing {
            standing = (declared.start, declared.end)
        } else if let found = QuietStanding.find(in: tracks, until: cutoffS) {
            standing = found
            standingWasFound = true
            warnings.append(AnalysisWarning(code: "standing-found", sensor: nil, start: found.start, end: found.end,
                                            message: String(format: "session.json declares no quiet standing; %.1f–%.1f s was found (all sensors still) and used as the reference", found.start, found.end)))
        }
        guard let standing else {
            if !tracks.isEmpty {
                warnings.append(AnalysisWarning(code: "no-standing", sensor: nil, start: nil, end: nil,
                                                message: "no quiet standing declared or found: no sensor can be calibrated, so pelvic drop, knee valgus and eversion are not measured"))
            }
            abandonCalibration(warn: false)
            return
        }
        let calibrationStances = rawStances.mapValues { $0.filter { $0.toeOffS <= cutoffS } }
        let found = SessionCalibration(tracks: &tracks, stances: calibrationStances, insoleIDs: insoleIDs, standing: standing,
                                       headingLookBackS: configuration.lookBackS, headingLookAheadS: configuration.lookAheadS)
        warnings += found.warnings
        calibration = found
        pending = rawStances.values.joined().map(found.onReferenceClock).sorted(by: Self.toeOffOrder)
        rawStances = [:]
    }

    /// No calibration will come: strides are reported with their events and no measures.
    private mutating func abandonCalibration(warn: Bool = true) {
        calibrationAbandoned = true
        if warn && !tracks.isEmpty && !rawStances.isEmpty {
            warnings.append(AnalysisWarning(code: "no-calibration", sensor: nil, start: nil, end: nil,
                                            message: "no quiet standing followed by gait was found to calibrate the sensors: footstrikes are reported without measures"))
        }
        pending = rawStances.values.joined().sorted(by: Self.toeOffOrder)
        rawStances = [:]
    }

    // MARK: - Measures

    /// The stride of one stance: every measure its sensors allow (none without calibration), and
    /// its angles added to the stance curves.
    private mutating func measure(_ stance: StancePhase, index: Int) -> StrideResult {
        let window = stance.initialContactS...stance.toeOffS
        var measures = StrideMeasures()
        var curveFunctions: [(StanceCurve.Angle, Double, (Double) -> Double?)] = []
        if let calibration {
            let tracks = self.tracks
            let rollTrack = { (placement: Placement) -> SegmentRoll? in
                guard let track = tracks.first(where: { $0.placement == placement }),
                      let segment = calibration.calibrations[placement],
                      let reference = calibration.rollReferencesDeg[placement] else { return nil }
                return SegmentRoll(track: track, calibration: segment, referenceDeg: reference)
            }
            if let pelvis = rollTrack(.pelvis) {
                curveFunctions.append((.pelvicObliquityDeg, pelvis.referenceDeg, pelvis.rollDeg))
                measures.pelvicDropDeg = pelvis.peak(side: stance.side, stance: window)
                if measures.pelvicDropDeg != nil {
                    addCurve(.pelvicObliquityDeg, stance, StanceCurve.sample(window, side: stance.side, referenceDeg: pelvis.referenceDeg, pelvis.rollDeg))
                }
            }
            if let reference = calibration.kneeReferencesDeg[stance.side],
               let knee = calibration.knee(stance.side, tracks: tracks,
                                           span: (stance.initialContactS - configuration.lookBackS)...(stance.toeOffS + configuration.lookAheadS)) {
                curveFunctions.append((.kneeAbductionDeg, reference, knee.abductionDeg))
                measures.kneeValgusDeg = knee.peak(side: stance.side, referenceDeg: reference, stance: window)
                if measures.kneeValgusDeg != nil {
                    addCurve(.kneeAbductionDeg, stance, StanceCurve.sample(window, side: stance.side, referenceDeg: reference, knee.abductionDeg))
                }
            }
            if let foot = rollTrack(stance.side == .left ? .leftFoot : .rightFoot),
               let eversion = foot.eversion(side: stance.side, stance: window) {
                curveFunctions.append((.footEversionDeg, foot.referenceDeg, foot.rollDeg))
                measures.pronationDeg = eversion.pronation
                measures.peakEversionDeg = eversion.peak
                measures.eversionVelocityDegPerS = eversion.velocity
                addCurve(.footEversionDeg, stance, StanceCurve.sample(window, side: stance.side, referenceDeg: foot.referenceDeg, foot.rollDeg))
            }
        }
        // The stride ends at the same foot's next contact, if that stance ended within the
        // look-ahead (less a margin for the other insole's clock correction): a rule on the data
        // alone, whatever else has arrived.
        let next = pending
            .first { $0.side == stance.side && $0.initialContactS > stance.initialContactS
                && $0.toeOffS <= stance.toeOffS + configuration.lookAheadS - 0.1 }?
            .initialContactS
        var curves: [StrideAngleCurve] = []
        if let rateHz = configuration.angleCurveRateHz {
            // Contact to the next contact of the same foot; without one, into early swing only,
            // which the data held (look-ahead after toe-off) always covers.
            let end = next ?? stance.toeOffS + min(0.3, configuration.lookAheadS - 0.1)
            curves = curveFunctions.map { angle, referenceDeg, angleDeg in
                StrideAngleCurve(angle: angle, side: stance.side, from: stance.initialContactS, upTo: end, rateHz: rateHz,
                                 referenceDeg: referenceDeg, angleDeg: angleDeg)
            }
        }
        return StrideResult(index: index, side: stance.side, initialContactS: stance.initialContactS,
                            toeOffS: stance.toeOffS, nextInitialContactS: next, eventSource: stance.source, measures: measures,
                            angleCurves: curves)
    }

    private mutating func addCurve(_ angle: StanceCurve.Angle, _ stance: StancePhase, _ curve: [Double]?) {
        guard let curve else { return }
        if let i = stanceCurves.firstIndex(where: { $0.angle == angle && $0.side == stance.side }) {
            stanceCurves[i].add(curve)
        } else {
            var new = StanceCurve(angle: angle, side: stance.side)
            new.add(curve)
            stanceCurves.append(new)
        }
    }

    /// Forgets the samples and stances no stride will need: before the earliest contact still
    /// to be measured (or that could still be reported), less the look-back.
    private mutating func discardWhatNoStrideNeeds(_ watermark: Double) {
        // A stance not yet reported ends after the watermark and began at most 3 s before it.
        let longestStanceS = 3.0
        let earliest = min(pending.first.map(\.initialContactS) ?? .infinity, watermark - longestStanceS)
        let keepFromS = earliest - configuration.lookBackS - 0.5
        guard keepFromS.isFinite else { return }
        for index in tracks.indices { tracks[index].discard(before: keepFromS) }
    }
}
