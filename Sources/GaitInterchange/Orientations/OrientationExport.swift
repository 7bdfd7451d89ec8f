import Foundation
import GaitAnalysis
import GaitCore
import GaitSessionFiles

/// `gait export --orientations`: every IMU's orientation per row of one time base, in the sensor's
/// or the calibrated segment's frame, streamed to a .sto or .csv table.
///
/// For the segment frame the analysis runs first (it streams the files; its memory is bounded by
/// its window), only for each sensor's calibration q_sensor←segment; then the filter runs again
/// over the files, row by row as the table is written. The filter is deterministic, so the
/// orientations are those the analysis measured with.
public enum OrientationExport {
    public struct Summary: Sendable {
        public var rows = 0
        public var columns: [String] = []
        public var firstTimeS: Double?
        public var lastTimeS: Double?
        /// IMUs left out of a segment-frame table (not calibrated), with why.
        public var omitted: [String] = []
    }

    /// - Parameters:
    ///   - rateHz: the rows' rate; nil: the fastest IMU's nominal rate.
    ///   - analysis: the session's analysis when the caller has run it already (its calibrations
    ///     give the segment frame); nil: run it here if the segment frame needs it.
    /// - Throws: `SessionFileError` for bad input; `OrientationExportError` when nothing can be
    ///   exported or the file cannot be written.
    public static func write(session folder: URL, to url: URL, format: OrientationTableWriter.Format,
                             frame: OrientationFrame, rateHz: Double? = nil, analysis: AnalysisResult? = nil) throws -> Summary {
        let session = try SessionFolder.open(folder)
        var imus = session.manifest.sensors.filter { $0.kind == .imu }
        guard !imus.isEmpty else {
            throw OrientationExportError(message: "\(folder.path) has no IMU", remedy: "Orientations come from IMUs; this session has insoles only.")
        }
        var summary = Summary()
        var factors: [String: Quaternion] = [:]
        if frame == .segment {
            let result = try analysis ?? SessionAnalysis().run(folder: folder).1
            for calibration in result.calibrations { factors[calibration.sensorID] = calibration.sensorToSegment }
            for imu in imus where factors[imu.id] == nil {
                summary.omitted.append("\(imu.id) (\(imu.placement.rawValue)): not calibrated — "
                    + (result.warnings.first { $0.sensor == imu.id || $0.code == "no-standing" }?.message ?? "no quiet standing and gait to calibrate from"))
            }
            imus = imus.filter { factors[$0.id] != nil }
            guard !imus.isEmpty else {
                throw OrientationExportError(message: "no IMU of \(folder.path) could be calibrated to its segment",
                                             remedy: "Export in the sensor frame (--frame sensor), or record quiet standing followed by gait.")
            }
        }
        let inputs = try imus.map {
            OrientationResampler.Input(stream: try SensorOrientationStream(session: session, sensor: $0), rightFactor: factors[$0.id] ?? .identity)
        }
        let rate = rateHz ?? imus.map(\.rateHz).max()!
        var resampler = try OrientationResampler(inputs: inputs, rateHz: rate)
        summary.columns = imus.map { OpenSimNames.imuColumn($0.placement) }
        let writer = try OrientationTableWriter(url: url, format: format, columns: summary.columns, sensorIDs: imus.map(\.id),
                                                frame: frame, rateHz: rate)
        while let row = try resampler.nextRow() {
            try writer.append(timeS: row.timeS, orientations: row.orientations)
            summary.rows += 1
            if summary.firstTimeS == nil { summary.firstTimeS = row.timeS }
            summary.lastTimeS = row.timeS
        }
        try writer.close()
        return summary
    }
}
