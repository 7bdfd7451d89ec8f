import GaitCore

/// A threshold that raises a flag, with where its value comes from (conventions.md: thresholds
/// are configuration with documented defaults, each with its source; the report prints them).
public struct MeasureThreshold: Sendable, Equatable, Codable {
    /// The report key of the measure, e.g. `kneeValgusDeg`.
    public var measure: String
    /// Per side; nil on a side means not flagged there.
    public var leftValue: Double?
    public var rightValue: Double?
    public var source: String

    public init(measure: String, leftValue: Double?, rightValue: Double?, source: String) {
        self.measure = measure
        self.leftValue = leftValue
        self.rightValue = rightValue
        self.source = source
    }

    public func value(_ side: Side) -> Double? { side == .left ? leftValue : rightValue }
}

/// The thresholds of a report. Defaults rest only on the verified list in
/// `../shared/notes/clinical-references.md`; none is a diagnostic cut-off.
public struct ThresholdSet: Sendable, Equatable {
    public var thresholds: [MeasureThreshold]

    public init(thresholds: [MeasureThreshold]) { self.thresholds = thresholds }

    public func threshold(for measure: String) -> MeasureThreshold? { thresholds.first { $0.measure == measure } }

    /// Knee abduction: healthy mean + 2 SD of male runners, left 0.6 ± 3.2°, right 1.3 ± 2.0°
    /// (PMC6044588, Table 2; derived: 7.0° and 5.3°). Peak rearfoot eversion: mean + 2 SD for the
    /// weight-bearing neutral reference posture, 4.03 ± 2.58° (Lee & Hertel 2012, derived: 9.2°).
    /// Pelvic drop: flagged at a healthy-reference mean + 1 SD (Bramah et al. 2018, 2019), but no
    /// absolute value is verified, so there is no default: give the reference (`pelvicDrop(mean:sd:)`).
    public static let defaults = ThresholdSet(thresholds: [
        MeasureThreshold(
            measure: "kneeValgusDeg", leftValue: 7.0, rightValue: 5.3,
            source: "Healthy male runners' peak knee abduction 0.6 ± 3.2° (left), 1.3 ± 2.0° (right), PMC6044588 Table 2; threshold = mean + 2 SD (derived). Descriptive: in a 2D-vs-3D study (attributed to Dingenen et al. 2018), 2D valgus did not track 3D abduction."),
        MeasureThreshold(
            measure: "peakEversionDeg", leftValue: 9.2, rightValue: 9.2,
            source: "Lee SY, Hertel J (2012) J Athl Train 47(1):83–90, doi:10.4085/1062-6050-47.1.83: peak rearfoot eversion 4.03 ± 2.58° relative to weight-bearing neutral posture; threshold = mean + 2 SD (derived). Not a prospective PFP predictor (Noehren et al. 2013)."),
    ])

    /// The defaults plus a pelvic-drop threshold at the given healthy reference mean + 1 SD.
    public static func withPelvicDrop(referenceMeanDeg mean: Double, sdDeg sd: Double) -> ThresholdSet {
        var set = defaults
        set.thresholds.insert(MeasureThreshold(
            measure: "pelvicDropDeg", leftValue: mean + sd, rightValue: mean + sd,
            source: String(format: "Healthy-reference mean + 1 SD (%.1f + %.1f°), as in Bramah C et al. (2018) Am J Sports Med 46(12):3023–3031, doi:10.1177/0363546518793657, and Bramah C et al. (2019) Am J Sports Med 47(14):3406–3413; reference supplied by the user.", mean, sd)), at: 0)
        return set
    }
}
