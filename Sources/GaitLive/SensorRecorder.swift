import Dispatch
import Foundation
import GaitAnalysis
import GaitCore
import GaitIngestion
import GaitSessionFiles

/// One sensor's samples to its CSV file and to the analysis — the same blocks, in the same
/// order, with the same times, so that re-analysing the file gives the live run's strides.
///
/// The file is handed to the operating system at least every `flushIntervalUs` (a crash loses at
/// most that much and the batch in flight: 250 ms is the promise, ~120 ms is measured) and whenever
/// the writer's buffer fills.
final class SensorRecorder: Sendable {
    /// Longest time samples stay in the writer's buffer, µs of host time.
    static let flushIntervalUs: UInt64 = 100_000

    let sensor: SensorDescriptor
    private let output: Locked<Output>
    private let analysis: StreamingAnalysis?
    /// Hands blocks to the analysis in order (a serial queue).
    private let feed: DispatchQueue
    private let feeding = DispatchGroup()

    /// The writer and when it last flushed.
    private struct Output: Sendable {
        var writer: WriterBox
        var lastFlushUs: UInt64
        var failure: String?
    }

    init(sensor: SensorDescriptor, folder: URL, analysis: StreamingAnalysis?) throws {
        self.sensor = sensor
        let columns: SensorColumns = sensor.kind == .imu ? .imu(magnetometer: false) : .insole(cellCount: sensor.cells?.count ?? 0)
        let writer = try SensorFileWriter(url: folder.appendingPathComponent(sensor.file), columns: columns)
        output = Locked(Output(writer: WriterBox(writer), lastFlushUs: HostClock.nowUs()))
        self.analysis = analysis
        feed = DispatchQueue(label: "gait.live.feed.\(sensor.id)")
    }

    /// Writes the block, then hands it to the analysis. A write failure stops writing this
    /// sensor (reported by `failure`) but not the analysis.
    func append(_ block: SampleBlock) {
        output.withLock { output in
            guard output.failure == nil else { return }
            do {
                try block.values.withUnsafeBufferPointer { values in
                    for index in 0..<block.count {
                        let row = UnsafeBufferPointer(rebasing: values[(index * block.valueCount)..<((index + 1) * block.valueCount)])
                        try output.writer.writer.append(timeS: block.timesS[index], values: row)
                    }
                }
                let now = HostClock.nowUs()
                if now - output.lastFlushUs >= Self.flushIntervalUs {
                    try output.writer.writer.flush()
                    output.lastFlushUs = now
                }
            } catch {
                output.failure = "\(error)"
            }
        }
        // The analysis may make its caller wait (while it calibrates, or has blocks in hand):
        // that wait happens on this sensor's feed queue, never on the link's reader, so the file
        // keeps being written and the link read whatever the analysis is doing.
        if let analysis { feed.async(group: feeding) { [sensor] in analysis.append(block, sensorID: sensor.id) } }
    }

    /// Bytes of this sensor's file handed to the operating system so far.
    var bytesWritten: Int64 { output.withLock { $0.writer.writer.bytesWritten } }

    /// Why writing stopped, if it did.
    var failure: String? { output.withLock { $0.failure } }

    /// Flushes and closes the file, and tells the analysis this sensor is done.
    func finish() throws {
        try output.withLock { output in
            try output.writer.writer.close()
            if let failure = output.failure { throw LiveSessionError(failure) }
        }
        feeding.wait()
        analysis?.finish(sensorID: sensor.id)
    }
}

/// A `SensorFileWriter` inside a `Locked`.
///
/// `@unchecked Sendable`, and why that is safe: the only reference to the writer is this box's,
/// and the box lives only inside `SensorRecorder.output`, a `Locked`, so the writer is used by
/// one thread at a time, between the lock's `lock()` and `unlock()`.
struct WriterBox: @unchecked Sendable {
    let writer: SensorFileWriter
    init(_ writer: SensorFileWriter) { self.writer = writer }
}
