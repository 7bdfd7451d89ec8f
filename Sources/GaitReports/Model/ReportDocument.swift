import GaitCore

/// A `gait-report/1` report as its readers see it (`../shared/spec/report-json.md`), decoded from
/// the JSON rather than taken from the analysis, so that every view — HTML, CSV, the store — shows
/// exactly the numbers of the file a therapist keeps. A value that was not measured is `nil`.
/// Keys that later versions add are ignored; `clocks` and `stanceCurves` are optional extensions.
public struct ReportDocument: Sendable, Equatable {
    public static let formatIdentifier = "gait-report/1"

    public struct Generator: Sendable, Equatable, Decodable {
        public var name: String
        public var version: String
    }

    public struct Subject: Sendable, Equatable, Decodable {
        public var id: String?
    }

    public struct Session: Sendable, Equatable, Decodable {
        public var id: String
        public var subject: Subject?
        public var activity: String?
        /// Seconds on the session clock.
        public var start: Double
        public var end: Double
    }

    public struct Warning: Sendable, Equatable, Decodable {
        public var code: String
        public var sensor: String?
        public var start: Double?
        public var end: Double?
        public var message: String
    }

    public struct Interval: Sendable, Equatable, Decodable {
        public var start: Double
        public var end: Double
    }

    public struct Calibration: Sendable, Equatable, Decodable {
        public var sensor: String
        public var placement: String
        public var method: String
        public var standing: Interval?
        public var misalignmentDeg: Double?
        /// 0…1, the analysis's own figure of how well the calibration is determined.
        public var quality: Double?
        public var note: String?
    }

    /// `clocks[]`: the residual clock corrections the analysis applied (conventions.md, "Clocks").
    public struct ClockCorrection: Sendable, Equatable, Decodable {
        public var sensor: String
        public var offsetS: Double?
        public var driftPpm: Double?
        public var method: String?
    }

    /// A threshold; without `side` it holds for both sides.
    public struct Threshold: Sendable, Equatable, Decodable {
        public var measure: String
        public var side: Side?
        public var value: Double?
        public var source: String
    }

    public struct Finding: Sendable, Equatable, Decodable {
        public var measure: String
        public var side: Side?
        public var severity: String
        public var text: String
        public var source: String?
    }

    public var format: String
    public var generator: Generator
    public var session: Session
    public var partial: Bool
    public var warnings: [Warning]
    public var calibration: [Calibration]
    public var clocks: [ClockCorrection]
    public var thresholds: [Threshold]
    public var strides: [ReportStride]
    public var summary: ReportSummary
    public var findings: [Finding]
    /// nil when the report carries no `stanceCurves` (the analysis does not emit them yet).
    public var stanceCurves: [StanceCurve]?

    /// The threshold that applies to a measure on a side, if any.
    public func threshold(_ measure: ReportMeasure, _ side: Side) -> Threshold? {
        thresholds.first { $0.measure == measure.key && ($0.side == nil || $0.side == side) && $0.value != nil }
    }

    /// The index of that threshold in `thresholds` (for the key path of a number shown).
    public func thresholdIndex(_ measure: ReportMeasure, _ side: Side) -> Int? {
        thresholds.firstIndex { $0.measure == measure.key && ($0.side == nil || $0.side == side) && $0.value != nil }
    }
}
