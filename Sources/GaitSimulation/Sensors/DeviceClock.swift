import Foundation

/// A sensor device's own clock, as the session clock sees it after the recorder's mapping:
/// a residual offset and drift that the analysis must estimate (conventions.md, "Clocks").
///
/// device time τ = (1 + drift) · t + offset, for true session time t.
public struct DeviceClock: Codable, Sendable, Equatable {
    public var offsetS: Double
    public var driftPpm: Double

    public init(offsetS: Double, driftPpm: Double) {
        self.offsetS = offsetS
        self.driftPpm = driftPpm
    }

    public static let perfect = DeviceClock(offsetS: 0, driftPpm: 0)

    /// Device time of the true session time `t`, seconds.
    public func deviceTime(atSessionTime t: Double) -> Double { (1 + driftPpm * 1e-6) * t + offsetS }

    /// True session time of the device time `tau`, seconds.
    public func sessionTime(atDeviceTime tau: Double) -> Double { (tau - offsetS) / (1 + driftPpm * 1e-6) }
}

/// The runs of samples a device lost, on its own clock.
public struct Dropouts: Sendable {
    /// Half-open intervals [start, end) of device time with no samples, seconds, in order.
    public let intervalsS: [(start: Double, end: Double)]

    init(seed: UInt64, stream: String, durationS: Double, perMinute: Double, meanLengthS: Double, minimumLengthS: Double) {
        var random = SeededGenerator(seed: seed, stream: stream)
        var intervals: [(start: Double, end: Double)] = []
        // A Poisson process: exponential waits between dropouts, exponential lengths.
        var t = 1.0
        let ratePerS = perMinute / 60
        while ratePerS > 0 {
            t += -log(max(random.uniform(), 1e-300)) / ratePerS
            let length = minimumLengthS + -log(max(random.uniform(), 1e-300)) * meanLengthS
            if t + length > durationS - 0.5 { break }
            intervals.append((t, t + length))
            t += length
        }
        intervalsS = intervals
    }

    /// Whether a sample taken at device time `tau` was lost. `cursor` walks forward with `tau`.
    func isLost(_ tau: Double, cursor: inout Int) -> Bool {
        while cursor < intervalsS.count && intervalsS[cursor].end <= tau { cursor += 1 }
        return cursor < intervalsS.count && intervalsS[cursor].start <= tau
    }
}
