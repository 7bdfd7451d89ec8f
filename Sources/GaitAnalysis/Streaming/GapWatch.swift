import Foundation

/// Finds runs of lost samples in a stream of sample times by the rule of session-csv.md (a step
/// longer than 1.5 nominal periods), so that a live stream and a file read back give the same
/// warnings. Lost samples are reported, never filled in.
struct GapWatch: Sendable {
    let sensorID: String
    let rateHz: Double
    private var lastTimeS: Double?
    private(set) var warnings: [AnalysisWarning] = []

    init(sensorID: String, rateHz: Double) {
        self.sensorID = sensorID
        self.rateHz = rateHz
    }

    /// Whether a gap precedes `timeS`; records its warning.
    mutating func observe(_ timeS: Double) -> Bool {
        defer { lastTimeS = timeS }
        guard let last = lastTimeS, timeS - last > 1.5 / rateHz else { return false }
        let duration = timeS - last
        let missing = max(1, Int(min((duration * rateHz).rounded(), 1e15)) - 1)
        warnings.append(AnalysisWarning(code: "gap", sensor: sensorID, start: last, end: timeS,
                                        message: String(format: "%.0f ms of samples missing (about %d samples)", duration * 1000, missing)))
        return true
    }
}
