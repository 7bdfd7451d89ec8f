/// A block of consecutive samples of one sensor, row-major:
/// `values[i * valueCount + j]` is column j + 1 (the column after `t` is j = 0) of sample i.
public struct SampleBlock: Equatable, Sendable {
    /// Seconds on the session clock, strictly increasing.
    public var timesS: [Double]
    /// Row-major, `count * valueCount` values, in the units of conventions.md.
    public var values: [Double]
    /// Values per sample.
    public var valueCount: Int

    public var count: Int { timesS.count }

    public init(timesS: [Double], values: [Double], valueCount: Int) {
        self.timesS = timesS
        self.values = values
        self.valueCount = valueCount
    }

    /// The values of sample `i` (without its time).
    public func sample(_ i: Int) -> ArraySlice<Double> {
        values[(i * valueCount)..<((i + 1) * valueCount)]
    }
}

/// A run of lost samples: a step between consecutive samples longer than 1.5 nominal periods
/// (session-csv.md). Reported, never interpolated.
public struct SampleGap: Equatable, Sendable, Codable {
    public var sensorID: String
    /// Time of the last sample before the gap, s.
    public var start: Double
    /// Time of the first sample after the gap, s.
    public var end: Double
    /// `end - start`, s (the whole step, not only the missing part).
    public var duration: Double
    /// Samples estimated lost at the nominal rate: round(duration × rateHz) − 1, at least 1
    /// (capped at 10^15 for absurd jumps in t).
    public var missingSamples: Int
    /// 1-based line of the first sample after the gap.
    public var line: Int

    public init(sensorID: String, start: Double, end: Double, duration: Double, missingSamples: Int, line: Int) {
        self.sensorID = sensorID
        self.start = start
        self.end = end
        self.duration = duration
        self.missingSamples = missingSamples
        self.line = line
    }
}
