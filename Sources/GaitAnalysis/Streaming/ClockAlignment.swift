import Foundation
import GaitCore

/// A device clock's residual error against the reference clock: reference time =
/// device time − (offsetS + driftPpm·1e-6 · (device time − anchorS)).
public struct ClockCorrection: Sendable, Equatable {
    public var sensorID: String
    public var offsetS: Double
    public var driftPpm: Double
    public var anchorS: Double
    /// How it was found, for the report.
    public var method: String

    public static func identity(_ sensorID: String, method: String) -> ClockCorrection {
        ClockCorrection(sensorID: sensorID, offsetS: 0, driftPpm: 0, anchorS: 0, method: method)
    }

    public func referenceTime(_ deviceTimeS: Double) -> Double {
        deviceTimeS - (offsetS + driftPpm * 1e-6 * (deviceTimeS - anchorS))
    }
}

/// Estimates each sensor's residual clock offset and drift from events the sensors share
/// (conventions.md, "Clocks"): every IMU and insole feels initial contact.
enum ClockAlignment {
    /// A straight-line fit y = a + b·(x − x̄) by least squares after dropping the points more
    /// than 3 median absolute deviations from the median (mismatched events).
    static func robustLine(_ x: [Double], _ y: [Double]) -> (intercept: Double, slope: Double, anchor: Double)? {
        guard x.count >= 3 else { return nil }
        let median = y.sorted()[y.count / 2]
        let mad = y.map { abs($0 - median) }.sorted()[y.count / 2]
        let keep = y.indices.filter { abs(y[$0] - median) <= max(3 * mad, 0.002) }
        guard keep.count >= 3 else { return nil }
        let xs = keep.map { x[$0] }, ys = keep.map { y[$0] }
        let xMean = xs.reduce(0, +) / Double(xs.count), yMean = ys.reduce(0, +) / Double(ys.count)
        let sxx = xs.reduce(0) { $0 + ($1 - xMean) * ($1 - xMean) }
        let sxy = zip(xs, ys).reduce(0) { $0 + ($1.0 - xMean) * ($1.1 - yMean) }
        let slope = sxx > 0 ? sxy / sxx : 0
        return (yMean, slope, xMean)
    }
}
