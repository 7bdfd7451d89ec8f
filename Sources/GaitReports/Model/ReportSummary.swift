import GaitCore

/// `summary` of report-json.md: per side the stride count and mean, sd and median of each measure
/// over the strides that have it; cadence; asymmetry as right median − left median, signed.
public struct ReportSummary: Sendable, Equatable {
    public struct Statistics: Sendable, Equatable, Decodable {
        public var mean: Double
        public var sd: Double
        public var median: Double
    }

    public struct SideSummary: Sendable, Equatable {
        public var strides: Int
        /// By measure key; absent when no stride of the side has the measure.
        public var measures: [String: Statistics]
    }

    public var left: SideSummary
    public var right: SideSummary
    public var cadenceStepsPerMin: Double?
    /// By measure key: right − left, positive when the right side shows more of it.
    public var asymmetry: [String: Double]

    public func side(_ side: Side) -> SideSummary { side == .left ? left : right }

    public func statistics(_ measure: ReportMeasure, _ side: Side) -> Statistics? {
        self.side(side).measures[measure.key]
    }
}

extension ReportSummary.SideSummary: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        strides = try c.decode(Int.self, forKey: JSONKey("strides"))
        var measures: [String: ReportSummary.Statistics] = [:]
        for measure in ReportMeasure.allCases {
            if let stats = try c.decodeIfPresent(ReportSummary.Statistics.self, forKey: JSONKey(measure.key)) {
                measures[measure.key] = stats
            }
        }
        self.measures = measures
    }
}

extension ReportSummary: Decodable {
    private enum CodingKeys: String, CodingKey { case left, right, cadenceStepsPerMin, asymmetry }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        left = try c.decode(SideSummary.self, forKey: .left)
        right = try c.decode(SideSummary.self, forKey: .right)
        cadenceStepsPerMin = try c.decodeIfPresent(Double.self, forKey: .cadenceStepsPerMin)
        asymmetry = try c.decodeIfPresent([String: Double].self, forKey: .asymmetry) ?? [:]
    }
}
