import GaitCore

/// How often and how far one side's strides reach a measure's threshold, counted from the
/// report's strides (report-json.md: a stride is flagged when its value is at or over the threshold).
public struct ThresholdExceedance: Sendable, Equatable {
    public var measure: ReportMeasure
    public var side: Side
    public var threshold: Double
    /// Strides of this side that have the measure.
    public var measured: Int
    /// Of those, at or over the threshold.
    public var over: Int
    public var maximum: Double?

    public var share: Double { measured == 0 ? 0 : Double(over) / Double(measured) }

    public init?(document: ReportDocument, measure: ReportMeasure, side: Side) {
        guard let limit = document.threshold(measure, side)?.value else { return nil }
        let values = document.strides.filter { $0.side == side }.compactMap { $0.value(measure) }
        self.measure = measure
        self.side = side
        threshold = limit
        measured = values.count
        over = values.filter { $0 >= limit }.count
        maximum = values.max()
    }

    /// Every (measure, side) that has a threshold, in report order.
    public static func all(_ document: ReportDocument) -> [ThresholdExceedance] {
        ReportMeasure.allCases.flatMap { measure in Side.allCases.compactMap { ThresholdExceedance(document: document, measure: measure, side: $0) } }
    }
}
