import Foundation
import GaitAnalysis
import GaitCore

/// `gait export --c3d`: the analysis's three frontal-plane angles of both sides as analog channels
/// (degrees), and each foot's initial contacts and toe-offs as C3D events, for Visual3D or Mokka.
///
/// Channels, on frames at t = k / rate (session clock; frame 1 is the first grid time at or after
/// the session's first sample, and C3D time 0 is that frame): `LPelvisObliquity`,
/// `RPelvisObliquity`, `LKneeAbduction`, `RKneeAbduction`, `LFootEversion`, `RFootEversion`.
/// Each is the angle of conventions.md relative to quiet standing and signed for its side so that
/// positive is the harmful direction (pelvis: the contralateral hip lower; knee: abduction; foot:
/// eversion), over each of that side's strides from initial contact to the next contact of the
/// same foot (to 0.3 s after toe-off for a stride without a next contact). NaN where the angle is
/// not measured: before calibration, across a gap, a sensor missing, outside that side's strides.
/// Events: `Foot Strike` (initial contact) and `Foot Off` (toe-off), contexts `Left`/`Right`.
public enum AngleExport {
    public static let channelOrder: [(StanceCurve.Angle, Side, label: String, description: String)] = [
        (.pelvicObliquityDeg, .left, "LPelvisObliquity", "pelvic obliquity in left strides, + = right (swing-side) hip lower, vs standing"),
        (.pelvicObliquityDeg, .right, "RPelvisObliquity", "pelvic obliquity in right strides, + = left (swing-side) hip lower, vs standing"),
        (.kneeAbductionDeg, .left, "LKneeAbduction", "left knee abduction (Grood-Suntay), + = abduction (valgus), vs standing"),
        (.kneeAbductionDeg, .right, "RKneeAbduction", "right knee abduction (Grood-Suntay), + = abduction (valgus), vs standing"),
        (.footEversionDeg, .left, "LFootEversion", "left foot eversion (world roll), + = eversion (pronation), vs standing"),
        (.footEversionDeg, .right, "RFootEversion", "right foot eversion (world roll), + = eversion (pronation), vs standing"),
    ]

    /// The channels and events of an analysed session (`configuration.angleCurveRateHz` = `rateHz`).
    /// - Returns: the writer, and the session time of frame 1, seconds.
    public static func c3d(result: AnalysisResult, rateHz: Double, software: String) throws -> (writer: C3DWriter, timeZeroS: Double) {
        guard let span = result.timeSpanS else { throw C3DError("the session has no samples") }
        let first = Int((span.lowerBound * rateHz - 1e-9).rounded(.up))
        let last = Int((span.upperBound * rateHz + 1e-9).rounded(.down))
        let frames = last - first + 1
        guard frames <= C3DWriter.maximumFrames else {
            throw C3DError(String(format: "%.0f s at %.0f Hz is %d frames, more than C3D's %d; lower --c3d-rate-hz to %.0f or below",
                                  span.upperBound - span.lowerBound, rateHz, frames, C3DWriter.maximumFrames,
                                  (Double(C3DWriter.maximumFrames - 1) / (span.upperBound - span.lowerBound)).rounded(.down)))
        }
        var values = Array(repeating: [Float](repeating: .nan, count: max(frames, 0)), count: channelOrder.count)
        for stride in result.strides {
            for curve in stride.angleCurves {
                guard let channel = channelOrder.firstIndex(where: { $0.0 == curve.angle && $0.1 == curve.side }) else { continue }
                for (i, value) in curve.valuesDeg.enumerated() {
                    let frame = curve.firstIndex + i - first
                    if frame >= 0 && frame < frames { values[channel][frame] = Float(value) }
                }
            }
        }
        let timeZeroS = Double(first) / rateHz
        var events: [C3DEvent] = []
        for stride in result.strides {
            let context = stride.side == .left ? "Left" : "Right"
            let source = "from the \(stride.eventSource == .insole ? "insole" : "foot IMU")"
            events.append(C3DEvent(label: "Foot Strike", context: context, timeS: stride.initialContactS - timeZeroS,
                                   description: "initial contact \(source)"))
            events.append(C3DEvent(label: "Foot Off", context: context, timeS: stride.toeOffS - timeZeroS,
                                   description: "toe-off \(source)"))
        }
        events.sort { $0.timeS < $1.timeS }
        let channels = channelOrder.enumerated().map { index, entry in
            C3DAnalogChannel(label: entry.label, description: entry.description, unit: "deg", values: values[index])
        }
        return (C3DWriter(frameRateHz: rateHz, channels: channels, events: events, software: software), timeZeroS)
    }
}
