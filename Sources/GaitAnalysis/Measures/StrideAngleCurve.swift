import Foundation
import GaitCore

/// One angle of one stride as a time series on a fixed grid (t = k / `rateHz`, session clock):
/// side-signed and relative to quiet standing, by the one sign rule of conventions.md (positive
/// is the harmful direction: the swing-side hip lower, knee abduction, eversion). It covers the
/// stride from its initial contact up to, not including, the same foot's next contact.
public struct StrideAngleCurve: Sendable, Equatable {
    public let angle: StanceCurve.Angle
    public let side: Side
    public let rateHz: Double
    /// Grid index of the first value: its time is `firstIndex / rateHz`, seconds.
    public let firstIndex: Int
    /// Degrees; NaN where the sensors had no data (a gap), never filled in.
    public let valuesDeg: [Double]

    public init(angle: StanceCurve.Angle, side: Side, rateHz: Double, firstIndex: Int, valuesDeg: [Double]) {
        self.angle = angle
        self.side = side
        self.rateHz = rateHz
        self.firstIndex = firstIndex
        self.valuesDeg = valuesDeg
    }

    /// Samples `angleDeg` (unsigned, absolute) at every grid time in [start, end).
    init(angle: StanceCurve.Angle, side: Side, from start: Double, upTo end: Double, rateHz: Double,
         referenceDeg: Double, angleDeg: (Double) -> Double?) {
        let first = Int((start * rateHz).rounded(.up))
        let last = Int((end * rateHz).rounded(.up)) - 1
        self.init(angle: angle, side: side, rateHz: rateHz, firstIndex: first,
                  valuesDeg: first <= last ? (first...last).map { k in
                      angleDeg(Double(k) / rateHz).map { side.sign * ($0 - referenceDeg) } ?? .nan
                  } : [])
    }
}

extension StrideAngleCurve {
    /// NaN ≠ NaN would make two equal curves with a gap unequal; compare bit patterns instead.
    public static func == (a: StrideAngleCurve, b: StrideAngleCurve) -> Bool {
        a.angle == b.angle && a.side == b.side && a.rateHz == b.rateHz && a.firstIndex == b.firstIndex
            && a.valuesDeg.map(\.bitPattern) == b.valuesDeg.map(\.bitPattern)
    }
}
