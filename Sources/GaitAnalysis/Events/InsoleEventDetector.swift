import Foundation
import GaitCore

/// Initial contact and toe-off from a pressure insole: crossings of a threshold on the summed
/// cell force, force = Σ (pressure − that cell's unloaded baseline) × area, 1 kPa on 1 mm² being
/// 1 mN (conventions.md, "Gait events"); the crossing time is interpolated between samples.
public struct InsoleEventDetector: Sendable {
    /// Force threshold, newtons. Default 20 N (conventions.md).
    public var thresholdN = 20.0
    /// Shortest stance and shortest swing accepted, seconds: a crossing that reverses sooner is
    /// noise, not an event. Running stances last ≥ 150 ms, swings ≥ 300 ms.
    public var minimumStanceS = 0.08
    public var minimumSwingS = 0.08
    /// Each cell's baseline is this quantile of its readings: the foot is off the ground for most
    /// of a running stride (and for 40 % of a walking one), so a low quantile is an unloaded value.
    public var baselineQuantile = 0.1

    public init() {}

    /// Unloaded baseline of each cell, kPa.
    public func baselinesKPa(pressuresKPa: [[Double]]) -> [Double] {
        guard let cellCount = pressuresKPa.first?.count else { return [] }
        return (0..<cellCount).map { cell in
            let sorted = pressuresKPa.map { $0[cell] }.sorted()
            return sorted[min(sorted.count - 1, Int(Double(sorted.count) * baselineQuantile))]
        }
    }

    /// Summed force of one sample, newtons.
    public static func forceN(pressuresKPa: [Double], baselinesKPa: [Double], areasMm2: [Double]) -> Double {
        var sum = 0.0
        for cell in pressuresKPa.indices { sum += (pressuresKPa[cell] - baselinesKPa[cell]) * areasMm2[cell] }
        return sum / 1000
    }

    /// Stances of `side` in forces sampled at `timesS`. A stance cut by a gap in the data is not
    /// reported (its contact or toe-off is unknown); `gapsS` lists where samples are missing.
    public func detect(side: Side, timesS: [Double], forcesN: [Double], nominalPeriodS: Double) -> [StancePhase] {
        var stances: [StancePhase] = []
        var contactS: Double?
        var loaded = forcesN.first.map { $0 >= thresholdN } ?? false
        var lastToeOffS = -Double.infinity
        for i in 1..<max(timesS.count, 1) {
            let f0 = forcesN[i - 1], f1 = forcesN[i]
            let gap = timesS[i] - timesS[i - 1] > 1.5 * nominalPeriodS
            if gap {
                // Whatever was in progress cannot be timed across missing samples.
                contactS = nil
                loaded = f1 >= thresholdN
                continue
            }
            let crossing = timesS[i - 1] + (thresholdN - f0) / (f1 - f0) * (timesS[i] - timesS[i - 1])
            if !loaded && f1 >= thresholdN {
                loaded = true
                if crossing - lastToeOffS >= minimumSwingS || lastToeOffS == -.infinity { contactS = crossing }
            } else if loaded && f1 < thresholdN {
                loaded = false
                if let contact = contactS, crossing - contact >= minimumStanceS {
                    stances.append(StancePhase(side: side, initialContactS: contact, toeOffS: crossing, source: .insole))
                    lastToeOffS = crossing
                }
                contactS = nil
            }
        }
        return stances
    }
}
