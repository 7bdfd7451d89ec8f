import GaitCore

/// The angles whose course over stance the report may carry (optional `stanceCurves` extension of
/// gait-report/1, documented in docs/report-json-stance-curves.md).
public enum StanceCurveMeasure: String, CaseIterable, Sendable, Decodable {
    case pelvicObliquity = "pelvicObliquityDeg"
    case kneeAbduction = "kneeAbductionDeg"
    case footEversion = "footEversionDeg"

    public var words: String {
        switch self {
        case .pelvicObliquity: "Pelvic obliquity (drop positive)"
        case .kneeAbduction: "Knee abduction (valgus positive)"
        case .footEversion: "Foot eversion (pronation positive)"
        }
    }
}

/// Mean and SD of one angle over one side's stances, time-normalised from initial contact (0 %)
/// to toe-off (100 %) at `pointsPerCurve` evenly spaced points, signed and referenced to quiet
/// standing exactly as the per-stride measures (conventions.md, "one sign rule").
public struct StanceCurve: Sendable, Equatable {
    /// 0, 1, …, 100 % of stance.
    public static let pointsPerCurve = 101

    public var measure: StanceCurveMeasure
    public var side: Side
    /// How many stances were averaged.
    public var strides: Int
    public var meanDeg: [Double]
    public var sdDeg: [Double]

    public init(measure: StanceCurveMeasure, side: Side, strides: Int, meanDeg: [Double], sdDeg: [Double]) {
        self.measure = measure
        self.side = side
        self.strides = strides
        self.meanDeg = meanDeg
        self.sdDeg = sdDeg
    }

    /// Percent of stance of point `i`.
    public static func percentStance(_ i: Int) -> Double { Double(i) * 100 / Double(pointsPerCurve - 1) }
}

extension StanceCurve: Decodable {
    private enum CodingKeys: String, CodingKey { case measure, side, strides, meanDeg, sdDeg }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        measure = try c.decode(StanceCurveMeasure.self, forKey: .measure)
        side = try c.decode(Side.self, forKey: .side)
        strides = try c.decode(Int.self, forKey: .strides)
        meanDeg = try c.decode([Double].self, forKey: .meanDeg)
        sdDeg = try c.decode([Double].self, forKey: .sdDeg)
        for (key, values) in [(CodingKeys.meanDeg, meanDeg), (.sdDeg, sdDeg)] where values.count != Self.pointsPerCurve {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c,
                debugDescription: "has \(values.count) points; a stance curve has \(Self.pointsPerCurve) (0, 1, …, 100 % of stance)")
        }
        if sdDeg.contains(where: { $0 < 0 }) {
            throw DecodingError.dataCorruptedError(forKey: .sdDeg, in: c, debugDescription: "has a negative standard deviation")
        }
    }
}
