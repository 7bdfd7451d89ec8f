import Foundation
import GaitCore

/// The report of `../shared/spec/report-json.md` (`gait-report/1`), built from an analysis.
public struct GaitReport: Sendable {
    public static let formatIdentifier = "gait-report/1"

    public struct Stride: Sendable, Equatable {
        public var index: Int
        public var side: Side
        public var ic: Double
        public var to: Double
        public var nextIc: Double?
        public var eventSource: String
        public var stanceS: Double
        public var strideS: Double?
        public var measures: StrideMeasures
        public var flags: [String]
    }

    public struct MeasureSummary: Sendable, Equatable {
        public var mean: Double
        public var sd: Double
        public var median: Double
    }

    public struct Finding: Sendable, Equatable {
        public var measure: String
        public var side: Side
        public var severity: String
        public var text: String
        public var source: String
    }

    public var generatorVersion: String
    public var sessionID: String
    public var subjectID: String?
    public var activity: String?
    public var startS: Double
    public var endS: Double
    public var partial: Bool
    public var warnings: [AnalysisWarning]
    public var calibrations: [SegmentCalibration]
    /// The residual clock corrections applied (conventions.md: the analysis reports what it corrected).
    public var clockCorrections: [ClockCorrection]
    public var standing: (start: Double, end: Double)?
    public var thresholds: ThresholdSet
    public var strides: [Stride]
    public var summary: [Side: [String: MeasureSummary]]
    public var strideCounts: [Side: Int]
    public var cadenceStepsPerMin: Double?
    public var asymmetry: [String: Double]
    public var findings: [Finding]
    /// Mean ± SD stance curves (docs/report-json-stance-curves.md).
    public var stanceCurves: [StanceCurve]

    /// The measures in report order, with their key and a name in words.
    public static let measures: [(key: String, words: String, unit: String, value: @Sendable (StrideMeasures) -> Double?)] = [
        ("pelvicDropDeg", "pelvic drop", "°", { $0.pelvicDropDeg }),
        ("kneeValgusDeg", "knee valgus (abduction)", "°", { $0.kneeValgusDeg }),
        ("pronationDeg", "pronation (eversion excursion)", "°", { $0.pronationDeg }),
        ("peakEversionDeg", "peak eversion", "°", { $0.peakEversionDeg }),
        ("eversionVelocityDegPerS", "peak eversion velocity", "°/s", { $0.eversionVelocityDegPerS }),
    ]

    /// The measures of `stride` at or beyond their threshold, by key without the unit
    /// (`kneeValgus`, `peakEversion`): the report's flags, and a live session's.
    public static func flags(of stride: StrideResult, thresholds: ThresholdSet) -> [String] {
        measures.compactMap { measure in
            guard let value = measure.value(stride.measures), let limit = thresholds.threshold(for: measure.key)?.value(stride.side),
                  value >= limit else { return nil }
            return String(measure.key.dropLast(measure.key.hasSuffix("DegPerS") ? 7 : 3))
        }
    }

    public init(result: AnalysisResult, sessionID: String, subjectID: String?, activity: String?,
                startS: Double, endS: Double, thresholds: ThresholdSet, generatorVersion: String) {
        self.generatorVersion = generatorVersion
        self.sessionID = sessionID
        self.subjectID = subjectID
        self.activity = activity
        self.startS = startS
        self.endS = endS
        partial = result.partial
        warnings = result.warnings
        calibrations = result.calibrations
        clockCorrections = result.clockCorrections
        stanceCurves = result.stanceCurves
        standing = result.standing
        self.thresholds = thresholds
        strides = result.strides.map { stride in
            let flags = Self.flags(of: stride, thresholds: thresholds)
            return Stride(index: stride.index, side: stride.side, ic: stride.initialContactS, to: stride.toeOffS,
                          nextIc: stride.nextInitialContactS, eventSource: stride.eventSource.rawValue,
                          stanceS: stride.stanceS, strideS: stride.strideS, measures: stride.measures, flags: flags)
        }
        var summary: [Side: [String: MeasureSummary]] = [:]
        var counts: [Side: Int] = [:]
        for side in Side.allCases {
            let sideStrides = strides.filter { $0.side == side }
            counts[side] = sideStrides.count
            for measure in Self.measures {
                let values = sideStrides.compactMap { measure.value($0.measures) }
                if let stats = Self.statistics(values) { summary[side, default: [:]][measure.key] = stats }
            }
        }
        self.summary = summary
        strideCounts = counts
        var asymmetry: [String: Double] = [:]
        for measure in Self.measures {
            if let left = summary[.left]?[measure.key]?.median, let right = summary[.right]?[measure.key]?.median {
                asymmetry[measure.key] = right - left
            }
        }
        self.asymmetry = asymmetry
        // Steps per minute: a stride (one foot's contact to its next) is two steps; the median
        // over strides is that of steady gait, whatever the first and last strides were.
        let stepRates = strides.compactMap { $0.strideS.map { 2 * 60 / $0 } }.sorted()
        if stepRates.count >= 4 { cadenceStepsPerMin = stepRates[stepRates.count / 2] }
        findings = Self.findings(strides: strides, thresholds: thresholds)
    }

    static func statistics(_ values: [Double]) -> MeasureSummary? {
        guard !values.isEmpty else { return nil }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1) : 0
        let sorted = values.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        return MeasureSummary(mean: mean, sd: variance.squareRoot(), median: median)
    }

    /// Flags turned into sentences about movement: which measure, which side, how far over its
    /// threshold, in how many strides, and the threshold's source. Never a diagnosis.
    static func findings(strides: [Stride], thresholds: ThresholdSet) -> [Finding] {
        var findings: [Finding] = []
        for measure in measures {
            guard let threshold = thresholds.threshold(for: measure.key) else { continue }
            for side in Side.allCases {
                guard let limit = threshold.value(side) else { continue }
                let values = strides.filter { $0.side == side }.compactMap { measure.value($0.measures) }
                let over = values.filter { $0 >= limit }
                guard !values.isEmpty, !over.isEmpty else { continue }
                let share = Double(over.count) / Double(values.count)
                let median = statistics(values)!.median
                let severity = share >= 0.5 ? "flag" : "note"
                let stance = side == .left ? "left" : "right"
                var text = String(format: "In %@ stance, %@ reached or exceeded %.1f%@ in %d of %d strides (%.0f %%); the median was %.1f%@, %.1f%@ %@ the threshold.",
                                  stance as NSString, measure.words as NSString, limit, measure.unit as NSString, over.count, values.count,
                                  100 * share, median, measure.unit as NSString, abs(median - limit), measure.unit as NSString,
                                  (median >= limit ? "above" : "below") as NSString)
                if measure.key == "pelvicDropDeg" {
                    text += " A 10 % higher step rate reduced pelvic drop by about 3° in runners with patellofemoral pain (Bramah et al. 2019); trialling +5–10 % of the preferred step rate may be worth considering."
                }
                findings.append(Finding(measure: measure.key, side: side, severity: severity, text: text, source: threshold.source))
            }
        }
        return findings
    }
}
