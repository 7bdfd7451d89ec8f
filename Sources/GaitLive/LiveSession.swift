import Foundation
import GaitAnalysis
import GaitCore
import GaitIngestion
import GaitSessionFiles

/// A live treadmill session: every device's samples recorded to the session folder as they
/// arrive and fed, the same samples, to the streaming analysis; strides come out as they are known.
///
/// `connect` (all devices answer, their placements are distinct, session.json is written),
/// `start` (session clock zero, START to every node), then `stop` (STOP, last samples, files
/// closed, session.json completed) and the `AnalysisResult`.
public final class LiveSession: Sendable {
    /// A port and the placement to give its node (nil: the node's own).
    public struct Port: Sendable {
        public var path: String
        public var placement: Placement?
        public init(path: String, placement: Placement?) {
            self.path = path
            self.placement = placement
        }
    }

    public let folder: URL
    public let manifest: SessionManifest
    public let devices: [LiveDevice]
    private let recorders: [SensorRecorder]
    private let analysis: StreamingAnalysis?
    private let startHostUs = Locked<UInt64?>(nil)
    private let markers = Locked<[Marker]>([])
    private let log: @Sendable (String) -> Void
    private let onBlock: (@Sendable (_ sensorIndex: Int, _ block: SampleBlock, _ arrivedUs: UInt64) -> Void)?

    /// A moment the therapist marked ("shoe change"), stored in session.json under `markers`.
    public struct Marker: Sendable, Equatable, Codable {
        /// Seconds on the session clock.
        public var t: Double
        public var label: String

        public init(t: Double, label: String) {
            self.t = t
            self.label = label
        }
    }

    /// Opens every port, asks each node what it is and maps its clock, then creates the session
    /// folder's files. `analyse` false records only.
    /// - Parameters:
    ///   - onBlock: each block as it is recorded, with the host time (µs) its bytes arrived (for the benchmark).
    ///   - onStride: each stride as soon as it is known, in order, on one serial queue.
    public init(folder: URL, ports: [Port], deviceRate: Double = 1, analyse: Bool = true,
                subject: Subject? = nil, activity: String? = "treadmill-run",
                log: @escaping @Sendable (String) -> Void,
                onBlock: (@Sendable (_ sensorIndex: Int, _ block: SampleBlock, _ arrivedUs: UInt64) -> Void)? = nil,
                onStride: @escaping @Sendable (StrideResult) -> Void = { _ in }) throws {
        self.folder = folder
        self.log = log
        self.onBlock = onBlock
        var devices: [LiveDevice] = []
        // Close whatever was opened if any device fails, so no port stays held.
        var ready = false
        defer { if !ready { devices.forEach { $0.close() } } }
        for port in ports {
            devices.append(try LiveDevice.connect(path: port.path, placement: port.placement, deviceRate: deviceRate, log: log))
        }
        // All nodes are asked at once and their clock pings run together; then each is waited for
        // against one deadline, so the handshake takes about a second however many nodes there are.
        devices.forEach { $0.requestDescriptor() }
        let deadline = Date().addingTimeInterval(LiveDevice.handshakeTimeoutS)
        let descriptors = try devices.map { device throws(LiveSessionError) in try device.awaitDescriptor(until: deadline) }
        var sensors: [SensorDescriptor] = []
        var ownerOf: [Placement: String] = [:]
        for (index, device) in devices.enumerated() {
            let descriptor = descriptors[index]
            guard let placement = descriptor.placement else {
                throw LiveSessionError("\(device.path): the node (device \(descriptor.deviceIDText)) has no placement set. Say where it is worn: --port \(device.path)=left_shank (one of \(Placement.allCases.map(\.rawValue).joined(separator: ", "))).")
            }
            if let other = ownerOf[placement] {
                throw LiveSessionError("\(device.path) and \(other) are both at \(placement.rawValue). Give each node its own placement with --port PATH=PLACEMENT.")
            }
            guard (descriptor.kind == .insole) == (placement == .leftInsole || placement == .rightInsole) else {
                throw LiveSessionError("\(device.path): a \(descriptor.kind.name) node cannot be worn at \(placement.rawValue). Check the --port placement.")
            }
            ownerOf[placement] = device.path
            sensors.append(SensorDescriptor(
                id: placement.rawValue, kind: descriptor.kind == .imu ? .imu : .insole, placement: placement,
                file: "\(placement.rawValue).csv", rateHz: descriptor.nominalRateHz,
                cells: descriptor.kind == .insole ? descriptor.cells.map { InsoleCell(xMm: $0.xMm, yMm: $0.yMm, areaMm2: $0.areaMm2) } : nil,
                extra: ["device": .object(["id": .string(descriptor.deviceIDText), "firmware": .string(descriptor.firmwareVersionText),
                                           "port": .string(device.path)])]))
        }
        manifest = SessionManifest(subject: subject, activity: activity, sensors: sensors)
        do {
            try PrivateFiles.createFolder(folder)   // owner-only, like the files in it
            try SessionManifestWriter.write(manifest, to: folder)
        } catch {
            throw LiveSessionError("\(folder.path): cannot create the session folder: \(error). Choose a folder you can write to.")
        }
        let analysis = analyse ? StreamingAnalysis(manifest: manifest, onStride: onStride) : nil
        self.analysis = analysis
        do {
            recorders = try sensors.map { try SensorRecorder(sensor: $0, folder: folder, analysis: analysis) }
        } catch {
            throw LiveSessionError("\(error)")
        }
        self.devices = devices
        ready = true
    }

    /// Session time zero is now; every node is told to START.
    public func start() {
        let now = HostClock.nowUs()
        startHostUs.withLock { $0 = now }
        let onBlock = self.onBlock
        for (index, (device, recorder)) in zip(devices, recorders).enumerated() {
            device.begin(sessionStartHostUs: now, sink: { block, arrivedUs in
                onBlock?(index, block, arrivedUs)
                recorder.append(block)
            })
        }
    }

    /// Seconds since `start`, on the host clock (scaled like the devices' for a virtual node's speed).
    public var elapsedS: Double {
        guard let start = startHostUs.withLock({ $0 }) else { return 0 }
        return Double(HostClock.nowUs() - start) / 1e6 * (devices.first?.deviceRate ?? 1)
    }

    /// True once every device's link has been down for `graceS` seconds (host time): every node
    /// finished, or was unplugged and has not come back. A shorter outage of them all (a USB hub
    /// pulled and put back) does not end the session.
    public func allDevicesGone(forS graceS: Double) -> Bool {
        let now = HostClock.nowUs()
        return devices.allSatisfy { device in device.disconnectedForUs(now: now).map { Double($0) / 1e6 >= graceS } ?? false }
    }

    /// Bytes written to each device's file so far, in the order of `devices`.
    public var bytesWrittenPerDevice: [Int64] { recorders.map(\.bytesWritten) }

    /// The first write failure of any sensor file, if one happened.
    public var writeFailure: String? { recorders.lazy.compactMap { r in r.failure.map { "\(r.sensor.file): \($0)" } }.first }

    /// Marks the present moment; kept in session.json under `markers`.
    @discardableResult
    public func mark(_ label: String) -> Marker {
        let marker = Marker(t: (elapsedS * 1e6).rounded() / 1e6, label: label)
        // session.json is rewritten (atomically) at once, so that a crash does not lose the marker.
        let failure = markers.withLock { markers -> String? in
            markers.append(marker)
            var updated = manifest
            updated.extra["markers"] = Self.json(markers)
            do { try SessionManifestWriter.write(updated, to: folder) } catch { return "\(error)" }
            return nil
        }
        if let failure { log("the marker is kept in memory but session.json could not be updated: \(failure)") }
        return marker
    }

    /// `markers` in session.json: `[{"t": seconds on the session clock, "label": text}]`.
    static func json(_ markers: [Marker]) -> JSONValue {
        .array(markers.map { .object(["t": .number($0.t), "label": .string($0.label)]) })
    }

    public var markersSoFar: [Marker] { markers.withLock { $0 } }

    /// STOP to every node, their last samples in, files closed, session.json completed with the
    /// markers and each device's counts; then the whole analysis (nil when recording only).
    public func stop() throws -> AnalysisResult? {
        DispatchQueue.concurrentPerform(iterations: devices.count) { devices[$0].stop() }
        devices.forEach { $0.close() }
        var failures: [String] = []
        for recorder in recorders {
            do { try recorder.finish() } catch { failures.append("\(recorder.sensor.file): \(error)") }
        }
        var completed = manifest
        for (index, device) in devices.enumerated() {
            let figures = device.snapshot()
            completed.sensors[index].extra["recording"] = .object([
                "samplesRecorded": .number(Double(figures.samplesRecorded)),
                "samplesMissing": .number(Double(figures.samplesMissing)),
                "framesLost": .number(Double(figures.framesLost)),
                "framesRejected": .number(Double(figures.framesRejected)),
                "samplesNotRecorded": .number(Double(figures.samplesNotRecorded)),
                // Each time the link was down, on the session clock: `to` is null if it never came back.
                "outages": .array(device.outages.map { outage in
                    .object(["from": .number(outage.fromS), "to": outage.toS.map { .number($0) } ?? .null])
                }),
            ])
        }
        let marks = markersSoFar
        if !marks.isEmpty { completed.extra["markers"] = Self.json(marks) }
        do {
            try SessionManifestWriter.write(completed, to: folder)
        } catch {
            failures.append("\(error)")
        }
        let result = analysis?.finish()
        if !failures.isEmpty {
            throw LiveSessionError("the recording is incomplete: \(failures.joined(separator: "; ")). Check the disk space and that \(folder.path) is writable.")
        }
        return result
    }
}
