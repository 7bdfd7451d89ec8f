import Foundation
import GaitCore

/// Initial contact and toe-off from a pressure insole: crossings of a threshold on the summed
/// cell force, force = Σ (pressure − that cell's unloaded baseline) × area, 1 kPa on 1 mm² being
/// 1 mN (conventions.md, "Gait events"); the crossing time is interpolated between samples.
/// Fed one sample at a time (`feed`), it reports each stance at its toe-off.
public struct InsoleEventDetector: Sendable {
    /// Force threshold, newtons. Default 20 N (conventions.md).
    public var thresholdN = 20.0
    /// Shortest stance and shortest swing accepted, seconds: a crossing that reverses sooner is
    /// noise, not an event. Running stances last ≥ 150 ms, swings ≥ 300 ms.
    public var minimumStanceS = 0.08
    public var minimumSwingS = 0.08

    public let side: Side
    public let nominalPeriodS: Double
    private var previous: (timeS: Double, forceN: Double)?
    private var loaded = false
    private var contactS: Double?
    private var lastToeOffS = -Double.infinity

    public init(side: Side, nominalPeriodS: Double) {
        self.side = side
        self.nominalPeriodS = nominalPeriodS
    }

    /// Summed force of one sample, newtons.
    public static func forceN(pressuresKPa: some Collection<Double>, baselinesKPa: [Double], areasMm2: [Double]) -> Double {
        var sum = 0.0
        for (cell, pressure) in pressuresKPa.enumerated() { sum += (pressure - baselinesKPa[cell]) * areasMm2[cell] }
        return sum / 1000
    }

    /// Takes the next sample; returns the stance that ends with it, if one does. A stance cut by a
    /// gap in the data is not reported (its contact or toe-off is unknown).
    public mutating func feed(timeS t1: Double, forceN f1: Double) -> StancePhase? {
        defer { previous = (t1, f1) }
        guard let (t0, f0) = previous else {
            loaded = f1 >= thresholdN
            return nil
        }
        if t1 - t0 > 1.5 * nominalPeriodS {
            // Whatever was in progress cannot be timed across missing samples.
            contactS = nil
            loaded = f1 >= thresholdN
            return nil
        }
        let crossing = t0 + (thresholdN - f0) / (f1 - f0) * (t1 - t0)
        if !loaded && f1 >= thresholdN {
            loaded = true
            if crossing - lastToeOffS >= minimumSwingS || lastToeOffS == -.infinity { contactS = crossing }
        } else if loaded && f1 < thresholdN {
            loaded = false
            defer { contactS = nil }
            if let contact = contactS, crossing - contact >= minimumStanceS {
                lastToeOffS = crossing
                return StancePhase(side: side, initialContactS: contact, toeOffS: crossing, source: .insole)
            }
        }
        return nil
    }
}
