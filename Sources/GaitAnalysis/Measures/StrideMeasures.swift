import Foundation
import GaitCore

/// The five measures of one footstrike (conventions.md, "The three measures, one sign rule").
public struct StrideMeasures: Sendable, Equatable {
    public var pelvicDropDeg: Double?
    public var kneeValgusDeg: Double?
    public var pronationDeg: Double?
    public var peakEversionDeg: Double?
    public var eversionVelocityDegPerS: Double?
}

/// A roll angle time series of one segment or joint, relative to quiet standing.
struct AngleSeries {
    var timesS: [Double]
    var anglesDeg: [Double]
}

/// Computes the measures from calibrated segment orientations: each angle minus its mean over
/// quiet standing, times the side sign, its peak over the stance from contact to toe-off inclusive.
struct StrideMeasurer {
    /// Low-pass cut-off applied to eversion before it is differentiated, Hz (conventions.md: no
    /// lower than 30 Hz). Second-order Butterworth run forward and backward (zero phase).
    static let eversionVelocityCutoffHz = 30.0

    let standing: (start: Double, end: Double)

    /// A track's own sample times within `window`, plus both ends (binary search: O(log n)).
    static func samples(times: [Double], in window: ClosedRange<Double>) -> [Double] {
        var result = [window.lowerBound]
        result.append(contentsOf: times[inside(times, window)].filter { $0 > window.lowerBound && $0 < window.upperBound })
        result.append(window.upperBound)
        return result
    }

    /// The index range of the sorted `times` that lie in `window`.
    static func inside(_ times: [Double], _ window: ClosedRange<Double>) -> Range<Int> {
        func firstIndex(notBefore t: Double) -> Int {
            var low = 0, high = times.count
            while low < high {
                let middle = (low + high) / 2
                if times[middle] < t { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let first = firstIndex(notBefore: window.lowerBound)
        var last = firstIndex(notBefore: window.upperBound)
        if last < times.count && times[last] == window.upperBound { last += 1 }
        return first..<max(first, last)
    }

    /// Mean of `angle` over quiet standing, degrees.
    func standingMeanDeg(times: [Double], _ angleDeg: (Double) -> Double?) -> Double? {
        let values = times[Self.inside(times, standing.start...standing.end)].compactMap(angleDeg)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Peak of the signed angle over the stance, or nil if any part of the stance has no data.
    static func peak(side: Side, referenceDeg: Double, times: [Double], stance: ClosedRange<Double>,
                     _ angleDeg: (Double) -> Double?) -> Double? {
        var best = -Double.infinity
        for t in samples(times: times, in: stance) {
            guard let angle = angleDeg(t) else { return nil }
            best = max(best, side.sign * (angle - referenceDeg))
        }
        return best.isFinite ? best : nil
    }

    /// Pronation (excursion), peak eversion and peak eversion velocity of one stance.
    static func eversion(side: Side, referenceDeg: Double, times: [Double], rateHz: Double,
                         stance: ClosedRange<Double>, _ rollDeg: (Double) -> Double?)
        -> (pronation: Double, peak: Double, velocity: Double)? {
        // The angle on the sensor's own samples around the stance, for the zero-phase filter.
        let margin = 0.1
        let window = (stance.lowerBound - margin)...(stance.upperBound + margin)
        let windowTimes = Array(times[inside(times, window)])
        guard windowTimes.count >= 8 else { return nil }
        var signed: [Double] = []
        for t in windowTimes {
            guard let roll = rollDeg(t) else { return nil }
            signed.append(side.sign * (roll - referenceDeg))
        }
        guard let atContact = rollDeg(stance.lowerBound).map({ side.sign * ($0 - referenceDeg) }) else { return nil }
        guard let peak = peak(side: side, referenceDeg: referenceDeg, times: times, stance: stance, rollDeg) else { return nil }
        let smoothed = ZeroPhaseLowPass.filter(signed, cutoffHz: eversionVelocityCutoffHz, sampleRateHz: rateHz)
        var velocity = -Double.infinity
        for i in 1..<(windowTimes.count - 1) where stance.contains(windowTimes[i]) {
            let rate = (smoothed[i + 1] - smoothed[i - 1]) / (windowTimes[i + 1] - windowTimes[i - 1])
            velocity = max(velocity, rate)
        }
        guard velocity.isFinite else { return nil }
        return (peak - atContact, peak, velocity)
    }
}

/// Second-order Butterworth low-pass applied forward then backward: no phase shift, fourth-order
/// roll-off. Used on short windows around a stance.
enum ZeroPhaseLowPass {
    static func filter(_ values: [Double], cutoffHz: Double, sampleRateHz: Double) -> [Double] {
        var forward = SecondOrderLowPass(cutoffHz: cutoffHz, sampleRateHz: sampleRateHz)
        var pass = values.map { forward.filter(Vector3($0, 0, 0)).x }
        var backward = SecondOrderLowPass(cutoffHz: cutoffHz, sampleRateHz: sampleRateHz)
        pass = pass.reversed().map { backward.filter(Vector3($0, 0, 0)).x }
        return pass.reversed()
    }
}
