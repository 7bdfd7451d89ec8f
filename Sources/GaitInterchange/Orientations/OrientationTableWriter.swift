import Foundation
import GaitCore
import GaitSessionFiles

/// Which frame an orientation table's quaternions give.
public enum OrientationFrame: String, Sendable, CaseIterable {
    /// q_world←sensor: the IMU's own axes.
    case sensor
    /// q_world←segment = q_world←sensor · q_sensor←segment: the calibrated segment axes of
    /// conventions.md (x forward, y left, z up in quiet standing).
    case segment
}

/// Writes an orientation table row by row, as it is produced (memory: one row and a buffer).
///
/// - `.sto`: the OpenSense quaternion table (OpenSim 4 storage, version 3): key=value header lines
///   ending in `endheader`, then tab-separated `time` and one column per IMU named
///   `<OpenSim body>_imu` (`OpenSimNames`), each cell `w,x,y,z` in one field as OpenSense writes
///   it. A cell where the sensor has a gap is `NaN,NaN,NaN,NaN`. The conventions are in `gait_*`
///   header keys (OpenSim keeps unknown keys as metadata).
/// - `.csv`: RFC 4180, one header line `time_s,<column>_w,<column>_x,<column>_y,<column>_z,…`,
///   a gap's four cells empty. The conventions are those of the .sto header, stated in the README.
public final class OrientationTableWriter {
    public enum Format: String, Sendable { case sto, csv }

    public let format: Format
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let columnCount: Int

    /// - Parameters:
    ///   - columns: one name per IMU, in row order.
    ///   - sensorIDs: the session's sensor id of each column (for the header).
    /// - Throws: `OrientationExportError` if the file cannot be created.
    public init(url: URL, format: Format, columns: [String], sensorIDs: [String], frame: OrientationFrame, rateHz: Double) throws {
        self.format = format
        columnCount = columns.count
        // Owner-only (0600), like the recording it is made from.
        do {
            handle = try PrivateFiles.openForWriting(url)
        } catch {
            throw OrientationExportError(message: "\(url.path) cannot be created (\(error.localizedDescription))",
                                         remedy: "Check that its folder exists and is writable.", isOutputFailure: true)
        }
        switch format {
        case .sto:
            let frameName = frame == .sensor ? "sensor" : "segment"
            let header = [
                String(format: "DataRate=%.6f", rateHz),
                "DataType=Quaternion",
                "version=3",
                "OpenSimVersion=4.1",
                "gait_frame=\(frameName)",
                "gait_convention=Hamilton quaternion; each cell w,x,y,z (scalar first); q_world<-\(frameName) maps \(frameName) coordinates to world coordinates",
                "gait_world=z up (gravity along -z); heading arbitrary: no magnetometer is used, so each sensor's heading is its own and drifts; only inclination is absolute",
                "gait_opensim=OpenSim's ground is y up: give the IMU placer and IMU IK sensor_to_opensim_rotations = -1.5707963 0 0 (z up to y up)",
                "gait_rows=one row every 1/DataRate s on the session clock over the span all IMUs cover; each IMU's orientation slerped between its own two samples either side (its rate and clock as recorded); NaN,NaN,NaN,NaN across a lost-sample gap",
                "gait_columns=" + zip(columns, sensorIDs).map { "\($0) from sensor \($1)" }.joined(separator: "; "),
                "endheader",
                (["time"] + columns).joined(separator: "\t"),
            ]
            buffer += Array((header.joined(separator: "\n") + "\n").utf8)
        case .csv:
            let names = columns.flatMap { c in ["w", "x", "y", "z"].map { "\(c)_\($0)" } }
            buffer += Array(((["time_s"] + names).joined(separator: ",") + "\n").utf8)
        }
    }

    /// Appends one row: time in seconds and one orientation per column (nil: no data).
    public func append(timeS: Double, orientations: [Quaternion?]) throws {
        precondition(orientations.count == columnCount)
        buffer += Array(String(format: "%.6f", timeS).utf8)
        let separator: UInt8 = format == .sto ? 9 : 44
        for q in orientations {
            buffer.append(separator)
            let cell: String
            if let q {
                // 9 significant digits: a float's precision and more; OpenSim reads them as doubles.
                cell = String(format: "%.9g,%.9g,%.9g,%.9g", q.w, q.x, q.y, q.z)
            } else {
                cell = format == .sto ? "NaN,NaN,NaN,NaN" : ",,,"
            }
            buffer += Array(cell.utf8)
        }
        buffer.append(10)
        if buffer.count > 1 << 20 { try flush() }
    }

    public func close() throws {
        try flush()
        try handle.close()
    }

    private func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch {
            throw OrientationExportError(message: "writing failed (\(error.localizedDescription))", remedy: "Check the free space and permissions.",
                                         isOutputFailure: true)
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Why an export could not be made, and what to do.
public struct OrientationExportError: Error, CustomStringConvertible {
    public let message: String
    public let remedy: String
    /// True when the output could not be written (not a problem of the input).
    public var isOutputFailure = false
    public var description: String { "\(message). \(remedy)" }
}
