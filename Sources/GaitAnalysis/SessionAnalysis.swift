import Dispatch
import Foundation
import GaitCore
import GaitSessionFiles
import Synchronization

/// One footstrike's result (report-json.md, `strides[]`).
public struct StrideResult: Sendable, Equatable {
    public var index: Int
    public var side: Side
    public var initialContactS: Double
    public var toeOffS: Double
    public var nextInitialContactS: Double?
    public var eventSource: StancePhase.Source
    public var measures: StrideMeasures
    /// The side's angles over this stride, when `AnalysisConfiguration.angleCurveRateHz` is set.
    public var angleCurves: [StrideAngleCurve] = []

    public var stanceS: Double { toeOffS - initialContactS }
    public var strideS: Double? { nextInitialContactS.map { $0 - initialContactS } }
}

/// A warning for the report (report-json.md, `warnings[]`).
public struct AnalysisWarning: Sendable, Equatable, Codable {
    public var code: String
    public var sensor: String?
    public var start: Double?
    public var end: Double?
    public var message: String
}

/// Everything the analysis found in one session.
public struct AnalysisResult: Sendable {
    public var strides: [StrideResult]
    public var calibrations: [SegmentCalibration]
    /// The standing interval used, and whether it was declared or found.
    public var standing: (start: Double, end: Double)?
    public var standingWasFound: Bool
    public var warnings: [AnalysisWarning]
    public var partial: Bool
    /// The residual clock corrections applied, one per sensor (the reference has none).
    public var clockCorrections: [ClockCorrection]
    /// The first and last sample time of any sensor, seconds (nil for a session without samples).
    public var timeSpanS: ClosedRange<Double>?
    /// Mean ± SD over stance of each angle measured, per side, in report order.
    public var stanceCurves: [StanceCurve] = []
}

/// The analysis of a whole recorded session: the streaming core (`StreamingAnalysis`) fed from
/// memory or from files as fast as it goes — the same code as a live session, and the same result.
public struct SessionAnalysis {
    public let configuration: AnalysisConfiguration

    public init(configuration: AnalysisConfiguration = AnalysisConfiguration()) {
        self.configuration = configuration
    }

    /// Analyses a session held in memory, feeding the sensors in time order, `blockSize` samples
    /// at a time.
    public func run(_ session: RecordedSession, blockSize: Int = 1024,
                    onStride: @escaping @Sendable (StrideResult) -> Void = { _ in }) -> AnalysisResult {
        let analysis = StreamingAnalysis(manifest: session.manifest, configuration: configuration, onStride: onStride)
        var feeds = session.recordings.map { RecordingFeed(recording: $0, blockSize: blockSize) }
        // Always the sensor furthest behind next: every sensor advances together, so the
        // analysis holds only its window of each.
        while let next = feeds.indices.filter({ !feeds[$0].isDone }).min(by: { feeds[$0].nextTimeS < feeds[$1].nextTimeS }) {
            analysis.append(feeds[next].nextBlock(), sensorID: feeds[next].recording.sensor.id)
        }
        for recording in session.recordings {
            analysis.finish(sensorID: recording.sensor.id, truncatedLastLine: recording.truncatedLastLine, lastTimeS: recording.timesS.last)
        }
        return analysis.finish()
    }

    /// Analyses a session folder, reading each sensor's file in blocks as the analysis goes:
    /// memory stays bounded by the analysis's window whatever the session's length.
    /// - Throws: `SessionFileError` naming the file, line and problem.
    public func run(folder: URL, blockSize: Int = 1024,
                    onStride: @escaping @Sendable (StrideResult) -> Void = { _ in }) throws -> (SessionManifest, AnalysisResult) {
        let session = try SessionFolder.open(folder)
        let analysis = StreamingAnalysis(manifest: session.manifest, configuration: configuration, onStride: onStride)
        var readers = try session.manifest.sensors.map { try session.reader(for: $0, blockSize: blockSize) }
        var upcoming: [SampleBlock?] = try readers.indices.map { try readers[$0].nextBlock() }
        var lastTimesS: [Double?] = Array(repeating: nil, count: readers.count)
        while let next = upcoming.indices.filter({ upcoming[$0] != nil }).min(by: { upcoming[$0]!.timesS[0] < upcoming[$1]!.timesS[0] }) {
            let block = upcoming[next]!
            analysis.append(block, sensorID: readers[next].sensor.id)
            lastTimesS[next] = block.timesS.last
            upcoming[next] = try readers[next].nextBlock()
            if upcoming[next] == nil {
                analysis.finish(sensorID: readers[next].sensor.id, truncatedLastLine: readers[next].truncatedLastLine, lastTimeS: lastTimesS[next])
            }
        }
        return (session.manifest, analysis.finish())
    }
}

/// One recording cut into blocks.
private struct RecordingFeed {
    let recording: SensorRecording
    let blockSize: Int
    private var position = 0

    init(recording: SensorRecording, blockSize: Int) {
        self.recording = recording
        self.blockSize = max(1, blockSize)
    }

    var isDone: Bool { position >= recording.timesS.count }
    var nextTimeS: Double { recording.timesS[position] }

    mutating func nextBlock() -> SampleBlock {
        let end = min(position + blockSize, recording.timesS.count)
        let width = recording.columns.valueCount
        defer { position = end }
        return SampleBlock(timesS: Array(recording.timesS[position..<end]),
                           values: Array(recording.values[(position * width)..<(end * width)]), valueCount: width)
    }
}
