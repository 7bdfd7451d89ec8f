import Foundation
import GaitCore
import GaitLive

/// `gait record`'s progress line on standard error, every `intervalS`: the session time, and
/// for each device its sample rate over the last interval, its lost samples (gaps and frames
/// that never arrived), its outages and the bytes written to its file. A full line each time
/// (not redrawn in place), so that it reads the same in a terminal, a pipe or a log, and never
/// tangles with the stride lines on standard output.
final class RecordProgress: Sendable {
    static let intervalS = 5.0

    private let session: LiveSession
    private let ticker = Locked<Task<Void, Never>?>(nil)
    private let previous = Locked<(elapsedS: Double, samples: [Int])?>(nil)

    init(session: LiveSession) {
        self.session = session
    }

    /// Call just after the session's `start`: the first line's rates count from there.
    func start() {
        let devices = session.devices.count
        previous.withLock { $0 = (0, Array(repeating: 0, count: devices)) }
        let task = Task.detached { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: UInt64(Self.intervalS * 1e9))
                if !Task.isCancelled { report() }
            }
        }
        ticker.withLock { $0 = task }
    }

    func stop() { ticker.withLock { $0 }?.cancel() }

    private func report() {
        let elapsedS = session.elapsedS
        let snapshots = session.devices.map { $0.snapshot() }
        let bytes = session.bytesWrittenPerDevice
        let before = previous.withLock { last in
            defer { last = (elapsedS, snapshots.map(\.samplesRecorded)) }
            return last
        }
        FileHandle.standardError.write(Data((Self.line(elapsedS: elapsedS, devices: snapshots, bytesWritten: bytes, before: before) + "\n").utf8))
    }

    /// The line for these figures (`before`: the session time and sample counts of the previous line).
    static func line(elapsedS: Double, devices: [DeviceSnapshot], bytesWritten: [Int64],
                     before: (elapsedS: Double, samples: [Int])?) -> String {
        let parts = devices.enumerated().map { index, device -> String in
            let name = device.placement?.rawValue ?? device.path
            guard device.connected else { return "\(name) DISCONNECTED (\(device.samplesRecorded) samples kept)" }
            var rate = "–"
            if let before, index < before.samples.count, elapsedS > before.elapsedS {
                rate = String(format: "%.0f Hz", Double(device.samplesRecorded - before.samples[index]) / (elapsedS - before.elapsedS))
            }
            let lost = device.samplesMissing + UInt64(device.samplesNotRecorded)
            let outages = device.outages > 0 ? ", \(device.outages) outage\(device.outages == 1 ? "" : "s")" : ""
            let written = index < bytesWritten.count ? String(format: ", %.1f MB", Double(bytesWritten[index]) / 1e6) : ""
            return "\(name) \(rate), \(lost) lost\(outages)\(written)"
        }
        return String(format: "gait record: %.0f s | ", elapsedS) + parts.joined(separator: " | ")
    }
}
