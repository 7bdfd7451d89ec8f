import GaitCore

/// One footstrike (stance) of the report. report-json.md: every stride has every key (a measure
/// may be null), so a missing key is an error here, while `null` is a value not measured.
public struct ReportStride: Sendable, Equatable {
    public var index: Int
    public var side: Side
    /// Initial contact, toe-off and the same foot's next initial contact, s on the session clock.
    public var ic: Double
    public var to: Double
    public var nextIc: Double?
    /// `insole` or `imu`.
    public var eventSource: String
    public var stanceS: Double
    public var strideS: Double?
    /// The five measures by key (`ReportMeasure.key`); nil when not measured.
    public var values: [String: Double?]
    /// Flag names, e.g. `pelvicDrop`.
    public var flags: [String]

    public func value(_ measure: ReportMeasure) -> Double? { values[measure.key] ?? nil }

    public init(index: Int, side: Side, ic: Double, to: Double, nextIc: Double?, eventSource: String,
                stanceS: Double, strideS: Double?, values: [String: Double?], flags: [String]) {
        self.index = index
        self.side = side
        self.ic = ic
        self.to = to
        self.nextIc = nextIc
        self.eventSource = eventSource
        self.stanceS = stanceS
        self.strideS = strideS
        self.values = values
        self.flags = flags
    }
}

extension ReportStride: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: JSONKey.self)
        // `decode(Double?.self, …)` throws when the key is missing but accepts null: exactly the rule.
        index = try c.decode(Int.self, forKey: JSONKey("index"))
        side = try c.decode(Side.self, forKey: JSONKey("side"))
        ic = try c.decode(Double.self, forKey: JSONKey("ic"))
        to = try c.decode(Double.self, forKey: JSONKey("to"))
        nextIc = try c.decode(Double?.self, forKey: JSONKey("nextIc"))
        eventSource = try c.decode(String.self, forKey: JSONKey("eventSource"))
        stanceS = try c.decode(Double.self, forKey: JSONKey("stanceS"))
        strideS = try c.decode(Double?.self, forKey: JSONKey("strideS"))
        var values: [String: Double?] = [:]
        for measure in ReportMeasure.allCases {
            values[measure.key] = try c.decode(Double?.self, forKey: JSONKey(measure.key))
        }
        self.values = values
        flags = try c.decode([String].self, forKey: JSONKey("flags"))
    }
}
