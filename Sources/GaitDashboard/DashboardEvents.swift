import Foundation
import GaitAnalysis
import GaitCore
import GaitLive

/// The JSON the page receives: one stride, one marker, the sensors' status.
enum DashboardEvents {
    struct Stride: Codable {
        var index: Int
        var side: Side
        var ic: Double
        var to: Double
        var pelvicDropDeg: Double?
        var kneeValgusDeg: Double?
        var pronationDeg: Double?
        var peakEversionDeg: Double?
        var eversionVelocityDegPerS: Double?
        var flags: [String]
    }

    struct Sensor: Codable {
        var placement: String
        var label: String
        var connected: Bool
        var endReason: String?
        var nominalRateHz: Double?
        /// Samples per second of session time over the last status interval.
        var rateHz: Double?
        var samplesRecorded: Int
        var samplesMissing: UInt64
        var framesLost: UInt64
    }

    struct Status: Codable {
        var elapsedS: Double
        var sensors: [Sensor]
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func stride(_ stride: StrideResult, thresholds: ThresholdSet) -> String {
        let m = stride.measures
        return json(Stride(index: stride.index, side: stride.side, ic: stride.initialContactS, to: stride.toeOffS,
                           pelvicDropDeg: m.pelvicDropDeg, kneeValgusDeg: m.kneeValgusDeg, pronationDeg: m.pronationDeg,
                           peakEversionDeg: m.peakEversionDeg, eversionVelocityDegPerS: m.eversionVelocityDegPerS,
                           flags: GaitReport.flags(of: stride, thresholds: thresholds)))
    }

    static func marker(_ marker: LiveSession.Marker) -> String { json(marker) }
}
