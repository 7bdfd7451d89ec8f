import Foundation
import GaitCore

/// All samples of one sensor in memory.
public struct SensorRecording: Equatable, Sendable {
    public var sensor: SensorDescriptor
    public var columns: SensorColumns
    /// Seconds on the session clock, strictly increasing.
    public var timesS: [Double]
    /// Row-major, `timesS.count * columns.valueCount` values, units of conventions.md.
    public var values: [Double]
    /// Found when reading; ignored when writing.
    public var gaps: [SampleGap]
    /// True when the file ended in a truncated write and the last line was dropped.
    public var isPartial: Bool
    /// Why the recording is partial (names the dropped line), when it is.
    public var truncatedLastLine: SessionFileError?

    public init(sensor: SensorDescriptor, columns: SensorColumns, timesS: [Double], values: [Double],
                gaps: [SampleGap] = [], isPartial: Bool = false, truncatedLastLine: SessionFileError? = nil) {
        self.sensor = sensor
        self.columns = columns
        self.timesS = timesS
        self.values = values
        self.gaps = gaps
        self.isPartial = isPartial
        self.truncatedLastLine = truncatedLastLine
    }

    /// The values of sample `i` (without its time).
    public func sample(_ i: Int) -> ArraySlice<Double> {
        values[(i * columns.valueCount)..<((i + 1) * columns.valueCount)]
    }
}

/// A whole session in memory, for tests and small sessions: `read(write(x)) == x` for a session
/// without gaps (gaps are found on reading) and not partial.
public struct RecordedSession: Equatable, Sendable {
    public var manifest: SessionManifest
    /// In the order of `manifest.sensors`, one per sensor.
    public var recordings: [SensorRecording]

    public init(manifest: SessionManifest, recordings: [SensorRecording]) {
        self.manifest = manifest
        self.recordings = recordings
    }

    /// The recording of the sensor at `placement`, if any.
    public func recording(at placement: Placement) -> SensorRecording? {
        recordings.first { $0.sensor.placement == placement }
    }

    /// Reads every sensor file of the folder completely.
    public static func read(from folder: URL) throws -> RecordedSession {
        let session = try SessionFolder.open(folder)
        var recordings: [SensorRecording] = []
        for sensor in session.manifest.sensors {
            var reader = try session.reader(for: sensor, blockSize: 65_536)
            var timesS: [Double] = []
            var values: [Double] = []
            while let block = try reader.nextBlock() {
                timesS.append(contentsOf: block.timesS)
                values.append(contentsOf: block.values)
            }
            recordings.append(SensorRecording(
                sensor: sensor, columns: reader.columns, timesS: timesS, values: values, gaps: reader.gaps,
                isPartial: reader.truncatedLastLine != nil, truncatedLastLine: reader.truncatedLastLine))
        }
        return RecordedSession(manifest: session.manifest, recordings: recordings)
    }

    /// Writes session.json and one file per recording into `folder`, creating it if needed;
    /// folders it creates are owner-only (0700), every file it writes 0600 (health data).
    /// Refuses a session the reader would reject: every manifest sensor needs exactly one
    /// recording with that descriptor, columns that fit it, and valid samples.
    public func write(to folder: URL) throws {
        let manifestPath = displayPathOf(file: "session.json", in: folder)
        try ManifestValidation.validate(manifest, file: manifestPath)
        for (index, sensor) in manifest.sensors.enumerated() {
            let matching = recordings.filter { $0.sensor.id == sensor.id }
            let keyPath = "sensors[\(index)]"
            guard matching.count == 1, let recording = matching.first else {
                throw SessionFileError(file: manifestPath, keyPath: keyPath,
                                       problem: "sensor \(CellProblem.quoted(sensor.id)) has \(matching.count) recordings",
                                       remedy: "Give each sensor of the manifest exactly one recording.")
            }
            guard recording.sensor == sensor else {
                throw SessionFileError(file: manifestPath, keyPath: keyPath,
                                       problem: "the recording of \(CellProblem.quoted(sensor.id)) carries a different sensor description than the manifest",
                                       remedy: "Use the manifest's SensorDescriptor in the recording.")
            }
            guard recording.columns.fits(sensor) else {
                throw SessionFileError(file: displayPathOf(file: sensor.file, in: folder), keyPath: keyPath,
                                       problem: "columns \(recording.columns.headerLine) do not fit a \(sensor.kind.rawValue) with \(sensor.cells?.count ?? 0) cells",
                                       remedy: "Use SensorColumns.imu(magnetometer:) for an IMU and .insole(cellCount: cells.count) for an insole.")
            }
            guard recording.values.count == recording.timesS.count * recording.columns.valueCount else {
                throw SessionFileError(file: displayPathOf(file: sensor.file, in: folder),
                                       problem: "\(recording.values.count) values for \(recording.timesS.count) samples of \(recording.columns.valueCount) values",
                                       remedy: "Give values row-major, columns.valueCount per sample.")
            }
        }
        if recordings.count != manifest.sensors.count {
            throw SessionFileError(file: manifestPath, keyPath: "sensors",
                                   problem: "there are \(recordings.count) recordings for \(manifest.sensors.count) sensors",
                                   remedy: "Give each sensor of the manifest exactly one recording, and no others.")
        }
        do {
            try PrivateFiles.createFolder(folder)
        } catch {
            throw SessionFileError(file: folder.relativePath, problem: "the folder cannot be created (\(error.localizedDescription))",
                                   remedy: "Choose a writable location.")
        }
        for recording in recordings {
            let fileURL = folder.appendingPathComponent(recording.sensor.file)
            // A file name may name a subfolder ("imu/pelvis.csv").
            try? PrivateFiles.createFolder(fileURL.deletingLastPathComponent())
            let writer = try SensorFileWriter(url: fileURL, columns: recording.columns)
            let valueCount = recording.columns.valueCount
            try recording.values.withUnsafeBufferPointer { values in
                for (index, timeS) in recording.timesS.enumerated() {
                    try writer.append(timeS: timeS, values: UnsafeBufferPointer(rebasing: values[(index * valueCount)..<((index + 1) * valueCount)]))
                }
            }
            try writer.close()
        }
        // The manifest last: a folder whose session.json exists is complete.
        try SessionManifestWriter.write(manifest, to: folder)
    }
}
