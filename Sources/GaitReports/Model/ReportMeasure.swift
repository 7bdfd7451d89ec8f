/// The five per-stride measures of conventions.md, in report order, with the words and units a
/// reader sees. `key` is the JSON key (units in the name, as everywhere in the contract).
public enum ReportMeasure: String, CaseIterable, Sendable {
    case pelvicDrop = "pelvicDropDeg"
    case kneeValgus = "kneeValgusDeg"
    case pronation = "pronationDeg"
    case peakEversion = "peakEversionDeg"
    case eversionVelocity = "eversionVelocityDegPerS"

    public var key: String { rawValue }

    public var words: String {
        switch self {
        case .pelvicDrop: "Pelvic drop"
        case .kneeValgus: "Knee valgus (abduction)"
        case .pronation: "Pronation (eversion excursion)"
        case .peakEversion: "Peak eversion"
        case .eversionVelocity: "Peak eversion velocity"
        }
    }

    /// For narrow places: table headings, legends.
    public var shortWords: String {
        switch self {
        case .pelvicDrop: "pelvic drop"
        case .kneeValgus: "knee valgus"
        case .pronation: "pronation"
        case .peakEversion: "peak eversion"
        case .eversionVelocity: "eversion velocity"
        }
    }

    public var unit: String { self == .eversionVelocity ? "°/s" : "°" }

    /// Decimals shown: a tenth of a degree is below any measure's resolution; deg/s to the unit.
    public var decimals: Int { self == .eversionVelocity ? 0 : 1 }

    /// The stance curve (`stanceCurves[].measure`) whose peak this measure is.
    public var curve: StanceCurveMeasure {
        switch self {
        case .pelvicDrop: .pelvicObliquity
        case .kneeValgus: .kneeAbduction
        case .pronation, .peakEversion, .eversionVelocity: .footEversion
        }
    }
}
