import Foundation
import GaitCore

/// One athlete's filed sessions over time: per session and side, the median of each measure
/// over that session's strides. The store builds it; `HistoryPage` shows it.
public struct AthleteHistory: Sendable, Equatable {
    public struct Session: Sendable, Equatable {
        /// The report's `session.id`.
        public var reportSessionId: String
        public var recordedAt: Date
        public var strides: [Side: Int]
        /// Measure key → side → median over the session's strides that have the measure.
        public var medians: [String: [Side: Double]]
        public var cadenceStepsPerMin: Double?

        public init(reportSessionId: String, recordedAt: Date, strides: [Side: Int], medians: [String: [Side: Double]], cadenceStepsPerMin: Double?) {
            self.reportSessionId = reportSessionId
            self.recordedAt = recordedAt
            self.strides = strides
            self.medians = medians
            self.cadenceStepsPerMin = cadenceStepsPerMin
        }

        public func median(_ measure: ReportMeasure, _ side: Side) -> Double? { medians[measure.key]?[side] }
    }

    public var athlete: String
    /// Oldest first.
    public var sessions: [Session]

    public init(athlete: String, sessions: [Session]) {
        self.athlete = athlete
        self.sessions = sessions.sorted { $0.recordedAt < $1.recordedAt }
    }

    /// A session's median minus the first session's (the first that has the measure on that side).
    public func change(_ measure: ReportMeasure, _ side: Side, at index: Int) -> Double? {
        guard let first = sessions.first(where: { $0.median(measure, side) != nil })?.median(measure, side),
              let value = sessions[index].median(measure, side) else { return nil }
        return value - first
    }
}
