extension ReportDocument: Decodable {
    private enum CodingKeys: String, CodingKey {
        case format, generator, session, partial, warnings, calibration, clocks, thresholds, strides, summary, findings, stanceCurves
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        generator = try c.decode(Generator.self, forKey: .generator)
        session = try c.decode(Session.self, forKey: .session)
        partial = try c.decode(Bool.self, forKey: .partial)
        warnings = try c.decode([Warning].self, forKey: .warnings)
        calibration = try c.decode([Calibration].self, forKey: .calibration)
        // Extensions: absent in reports of other writers, and that is fine.
        clocks = try c.decodeIfPresent([ClockCorrection].self, forKey: .clocks) ?? []
        thresholds = try c.decode([Threshold].self, forKey: .thresholds)
        strides = try c.decode([ReportStride].self, forKey: .strides)
        summary = try c.decode(ReportSummary.self, forKey: .summary)
        findings = try c.decode([Finding].self, forKey: .findings)
        stanceCurves = try c.decodeIfPresent([StanceCurve].self, forKey: .stanceCurves)
    }
}
