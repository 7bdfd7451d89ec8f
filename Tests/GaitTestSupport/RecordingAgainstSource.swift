import Foundation
import GaitAnalysis
import GaitSessionFiles

/// A recording of a replayed session (virtual nodes → `gait record`) analysed against the source
/// session analysed: the same strides, measures within a tolerance.
///
/// Each virtual node starts its file when START reaches it, a little apart from the others (about
/// 0.1–1 ms at real time), and the recorder rightly stamps every sample with when it was taken;
/// so the source is analysed with each sensor moved by its node's start (the first recorded time
/// minus the first source time) before the two are compared.
public struct RecordingAgainstSource: CustomStringConvertible {
    public var recordedStrides: Int
    public var sourceStrides: Int
    /// Strides whose side or set of measures (null or not) differ.
    public var mismatchedStrides: Int
    /// Largest |difference| of pelvic drop, knee valgus, pronation and peak eversion over the strides, °.
    public var largestMeasureDifferenceDeg: Double
    /// Largest |difference| of initial contact, s.
    public var largestContactDifferenceS: Double
    /// Each sensor's start on the session clock, s.
    public var sensorStartsS: [String: Double]

    public var description: String {
        String(format: "recording %d strides, source %d, %d mismatched; largest measure difference %.4f°, IC difference %.3f ms",
               recordedStrides, sourceStrides, mismatchedStrides, largestMeasureDifferenceDeg, largestContactDifferenceS * 1000)
    }

    /// - Throws: when either folder cannot be read, or the recording lacks a sensor of the source.
    public init(recording: URL, source: URL) throws {
        let recorded = try RecordedSession.read(from: recording)
        var shifted = try RecordedSession.read(from: source)
        var starts: [String: Double] = [:]
        for index in shifted.recordings.indices {
            let id = shifted.recordings[index].sensor.id
            guard let own = recorded.recordings.first(where: { $0.sensor.id == id }), let first = own.timesS.first,
                  let sourceFirst = shifted.recordings[index].timesS.first else {
                throw RecordingComparisonError(description: "\(recording.path): no samples of \(id)")
            }
            starts[id] = first - sourceFirst
            shifted.recordings[index].timesS = shifted.recordings[index].timesS.map { $0 + first - sourceFirst }
        }
        let ofSource = SessionAnalysis().run(shifted).strides
        let ofRecording = SessionAnalysis().run(recorded).strides
        recordedStrides = ofRecording.count
        sourceStrides = ofSource.count
        sensorStartsS = starts
        mismatchedStrides = abs(ofSource.count - ofRecording.count)
        largestMeasureDifferenceDeg = 0
        largestContactDifferenceS = 0
        for (a, b) in zip(ofSource, ofRecording) {
            let pairs = [(a.measures.pelvicDropDeg, b.measures.pelvicDropDeg), (a.measures.kneeValgusDeg, b.measures.kneeValgusDeg),
                         (a.measures.pronationDeg, b.measures.pronationDeg), (a.measures.peakEversionDeg, b.measures.peakEversionDeg)]
            if a.side != b.side || pairs.contains(where: { ($0.0 == nil) != ($0.1 == nil) }) { mismatchedStrides += 1 }
            largestContactDifferenceS = max(largestContactDifferenceS, abs(a.initialContactS - b.initialContactS))
            for case let (x?, y?) in pairs { largestMeasureDifferenceDeg = max(largestMeasureDifferenceDeg, abs(x - y)) }
        }
    }
}

public struct RecordingComparisonError: Error, CustomStringConvertible {
    public var description: String
}
