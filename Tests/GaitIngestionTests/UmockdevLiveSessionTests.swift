import Foundation
import GaitLive
import GaitSessionFiles
import GaitTestSupport
import Testing
@testable import GaitIngestion

extension UmockdevSerialTests {
    /// A whole body through the real libserialport: nine virtual nodes (7 IMUs, 2 insoles; the
    /// real firmware core) behind nine simulated USB serial ports, recorded by a `LiveSession`
    /// (what `gait record` runs) for the fixture's 30 s at 3× real time. Nothing is lost, and the
    /// recording analysed is the source session analysed (same strides, measures within 0.1°).
    @Test func wholeBodyRecordedThroughLibserialport() throws {
        let simulated = SimulatedCDCNode.shared
        let sensors = ["pelvis", "left_thigh", "right_thigh", "left_shank", "right_shank", "left_foot", "right_foot",
                       "left_insole", "right_insole"]
        let speed = 3.0
        var nodes: [VirtualNodeProcess] = [], relays: [PtyRelay] = []
        defer {
            relays.forEach { $0.stop() }
            nodes.forEach { $0.stop() }
        }
        for (index, sensor) in sensors.enumerated() {
            let node = try VirtualNodeProcess(session: "run-all-sensors", sensor: sensor,
                                              arguments: ["--wait-start", "--hold", "--speed", String(speed)],
                                              environment: UmockdevEnvironment.outside)
            nodes.append(node)
            relays.append(try PtyRelay(nodePty: node.ptyPath, portMaster: simulated.masterDescriptors[index]))
        }
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gait-umockdev-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = try LiveSession(folder: folder, ports: sensors.indices.map { LiveSession.Port(path: SimulatedCDCNode.port($0), placement: nil) },
                                      deviceRate: speed, analyse: false, log: { print("live: \($0)") })
        let throughLibserialport = session.devices.filter { $0.openedThroughLibserialport }.count
        #expect(throughLibserialport == sensors.count, "every port opened by libserialport")
        session.start()
        let deadline = Date().addingTimeInterval(60)
        while session.elapsedS < 30.5 && Date() < deadline { usleep(50_000) }
        _ = try session.stop()

        // Nothing lost: every row of each fixture file is in the recording, with no gap.
        let recorded = try RecordedSession.read(from: folder)
        for recording in recorded.recordings {
            let fixture = FirmwareStreams.fixtures.appendingPathComponent("run-all-sensors/\(recording.sensor.file)")
            let rows = try String(contentsOf: fixture, encoding: .utf8).split(separator: "\n").count - 1
            #expect(recording.timesS.count == rows && recording.gaps.isEmpty,
                    "\(recording.sensor.id): \(recording.timesS.count) of \(rows) rows, gaps \(recording.gaps)")
        }
        let figures = session.devices.map { $0.snapshot() }
        #expect(figures.allSatisfy { $0.samplesMissing == 0 && $0.framesLost == 0 && $0.framesRejected == 0 }, "\(figures)")

        let comparison = try RecordingAgainstSource(recording: folder, source: FirmwareStreams.fixtures.appendingPathComponent("run-all-sensors"))
        print("libserialport under umockdev, 9 nodes: \(comparison)")
        #expect(comparison.recordedStrides == comparison.sourceStrides && comparison.mismatchedStrides == 0, "\(comparison)")
        #expect(comparison.recordedStrides >= 50)
        #expect(comparison.largestMeasureDifferenceDeg <= 0.1, "\(comparison)")
        #expect(comparison.largestContactDifferenceS <= 0.002, "\(comparison)")
    }
}
