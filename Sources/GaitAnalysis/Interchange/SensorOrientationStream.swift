import Foundation
import GaitCore
import GaitSessionFiles

/// One IMU's orientation at each of its samples, q_world←sensor, by the analysis's own filter
/// (`InclinationFilter`, fed exactly as `ImuStage` feeds it: the file's time steps), read from the
/// sensor's file block by block: memory is one block, whatever the file's length.
///
/// The times are the file's `t`, as recorded (a thigh's clock correction onto its shank, which
/// the analysis applies, is not applied here). World frame: z up, heading arbitrary and drifting
/// (no magnetometer is used), Hamilton, scalar first (`Quaternion.swift`).
public struct SensorOrientationStream {
    public let sensor: SensorDescriptor
    private var reader: SensorFileReader
    private var filter: InclinationFilter
    private var block: SampleBlock?
    private var position = 0
    private var lastTimeS: Double?

    /// - Throws: `SessionFileError` if the sensor is not an IMU or its file cannot be read.
    public init(session: SessionFolder, sensor: SensorDescriptor, blockSize: Int = 4096) throws {
        guard sensor.kind == .imu else {
            throw SessionFileError(file: sensor.file, problem: "sensor \(sensor.id) is an insole, not an IMU: it has no orientation",
                                   remedy: "Ask for the orientations of the session's IMUs only.")
        }
        self.sensor = sensor
        reader = try session.reader(for: sensor, blockSize: blockSize)
        filter = InclinationFilter(sampleRateHz: sensor.rateHz)
    }

    /// Samples whose file ended in a truncated line stop before it; this says which line.
    public var truncatedLastLine: SessionFileError? { reader.truncatedLastLine }
    /// Lost samples found so far (the filter integrates across each gap's whole step).
    public var gaps: [SampleGap] { reader.gaps }

    /// The next sample's time (s, session clock as recorded) and orientation; nil at the end.
    /// - Throws: `SessionFileError` naming the file and line of bad input.
    public mutating func next() throws -> (timeS: Double, orientation: Quaternion)? {
        while block == nil || position >= block!.count {
            guard let next = try reader.nextBlock() else { return nil }
            block = next
            position = 0
        }
        let b = block!, i = position
        position += 1
        let base = i * b.valueCount, t = b.timesS[i]
        filter.update(gyroscopeRadPerS: Vector3(b.values[base + 3], b.values[base + 4], b.values[base + 5]),
                      accelerometerMps2: Vector3(b.values[base], b.values[base + 1], b.values[base + 2]),
                      dtS: lastTimeS.map { t - $0 } ?? 1 / filter.sampleRateHz)
        lastTimeS = t
        return (t, filter.orientation)
    }
}
