import Foundation
import GaitCore

/// The roll of a calibrated segment in the heading-free world frame (Cardan Z-Y-X): the pelvis's
/// obliquity, the foot's eversion. Measures are relative to `referenceDeg`, its mean over quiet
/// standing.
struct SegmentRoll {
    let track: ImuTrack
    let calibration: SegmentCalibration
    let referenceDeg: Double

    func rollDeg(_ t: Double) -> Double? {
        track.orientation(at: t).map { Angle.degrees(fromRadians: CardanZYX(calibration.segmentOrientation($0)).rollRad) }
    }

    /// The mean roll over quiet standing, degrees (the reference of every measure).
    static func standingReferenceDeg(track: ImuTrack, calibration: SegmentCalibration, measurer: StrideMeasurer) -> Double? {
        let roll = SegmentRoll(track: track, calibration: calibration, referenceDeg: 0)
        return measurer.standingMeanDeg(times: track.timesS, roll.rollDeg)
    }

    /// Peak of the signed roll over a stance (pelvic drop).
    func peak(side: Side, stance: ClosedRange<Double>) -> Double? {
        StrideMeasurer.peak(side: side, referenceDeg: referenceDeg, times: track.timesS, stance: stance, rollDeg)
    }

    /// Pronation, peak eversion and peak eversion velocity over a stance (foot).
    func eversion(side: Side, stance: ClosedRange<Double>) -> (pronation: Double, peak: Double, velocity: Double)? {
        StrideMeasurer.eversion(side: side, referenceDeg: referenceDeg, times: track.timesS, rateHz: track.rateHz,
                                stance: stance, rollDeg)
    }
}

/// Knee abduction: the x-rotation of R(thigh←shank) in the Grood–Suntay Y-X-Z sequence, after the
/// shank's heading is aligned to the thigh's across the knee (`HeadingAlignment` over `span`).
struct KneeAbduction {
    let thigh: (track: ImuTrack, calibration: SegmentCalibration)
    let shank: (track: ImuTrack, calibration: SegmentCalibration)
    let alignment: HeadingAlignment

    init(thigh: (track: ImuTrack, calibration: SegmentCalibration), shank: (track: ImuTrack, calibration: SegmentCalibration),
         span: ClosedRange<Double>) {
        self.thigh = thigh
        self.shank = shank
        alignment = HeadingAlignment(
            span: span,
            proximal: { t in thigh.track.orientation(at: t).map(thigh.calibration.segmentOrientation) },
            distal: { t in shank.track.orientation(at: t).map(shank.calibration.segmentOrientation) })
    }

    func abductionDeg(_ t: Double) -> Double? {
        guard let thighWorld = thigh.track.orientation(at: t).map(thigh.calibration.segmentOrientation),
              let shankWorld = shank.track.orientation(at: t).map(shank.calibration.segmentOrientation) else { return nil }
        let knee = thighWorld.conjugate * alignment.correction(at: t) * shankWorld
        return Angle.degrees(fromRadians: CardanYXZ(knee).xRotationRad)
    }

    func peak(side: Side, referenceDeg: Double, stance: ClosedRange<Double>) -> Double? {
        StrideMeasurer.peak(side: side, referenceDeg: referenceDeg, times: shank.track.timesS, stance: stance, abductionDeg)
    }
}
