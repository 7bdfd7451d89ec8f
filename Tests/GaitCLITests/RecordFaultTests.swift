import Foundation
import GaitAnalysis
import GaitSessionFiles
import Testing

/// `gait record` when things go wrong: the recorder killed, a Ctrl-C, a node that dies and comes
/// back. The real firmware's virtual nodes stream over pseudo-terminals at real time.
extension LiveRecordCommandTests {  // in that suite: one fleet of nodes at a time
    static let faultSensors = ["pelvis", "left_shank", "left_insole"]

    /// SIGKILL leaves a session that reads, and it holds every sample up to at most 250 ms
    /// before the kill (`SensorRecorder.flushIntervalUs`).
    @Test func recorderKilledLeavesAReadableSessionMissingAtMost250ms() throws {
        let nodes = try VirtualNodeFleet(session: "run-all-sensors", sensors: Self.faultSensors, speed: 1)
        defer { nodes.stop() }
        let folder = try GaitCommandRunner.temporaryFolder().appendingPathComponent("killed")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let recorder = try RecorderProcess(["record", "--out", folder.path] + nodes.portArguments)
        let start = try Self.sessionStart(of: recorder)
        usleep(4_000_000)
        kill(recorder.process.processIdentifier, SIGKILL)
        let killedS = Date().timeIntervalSince(start)
        _ = recorder.wait(timeoutS: 5)

        let recorded = try RecordedSession.read(from: folder)
        for recording in recorded.recordings {
            let lastS = try #require(recording.timesS.last, "\(recording.sensor.id): nothing recorded")
            // The session clock started just before "Recording." was printed, so killedS is at
            // most a few ms short of the session time of the kill.
            print(String(format: "killed at %.3f s; %@ recorded up to %.3f s (%.0f ms before)", killedS, recording.sensor.id, lastS,
                         (killedS - lastS) * 1000))
            #expect(killedS - lastS <= 0.25, "\(recording.sensor.id): the last \(killedS - lastS) s were lost")
            #expect(recording.gaps.isEmpty, "\(recording.sensor.id): \(recording.gaps)")
        }
    }

    /// Ctrl-C: STOP to every node, their last samples in, the files closed; every sample each
    /// node sent is on disk.
    @Test func ctrlCLosesNothing() throws {
        let nodes = try VirtualNodeFleet(session: "run-all-sensors", sensors: Self.faultSensors, speed: 1)
        defer { nodes.stop() }
        let folder = try GaitCommandRunner.temporaryFolder().appendingPathComponent("interrupted")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let recorder = try RecorderProcess(["record", "--out", folder.path] + nodes.portArguments)
        _ = try #require(waitFor(timeoutS: 20) { recorder.standardOutput.contains("Recording.") ? true : nil },
                         "the recorder did not start: \(recorder.standardError)")
        usleep(3_000_000)
        recorder.process.interrupt()
        let status = recorder.wait(timeoutS: 20)
        #expect(status == 0, "\(recorder.standardError)")
        #expect(recorder.standardOutput.contains("Recording ends: stopped (Ctrl-C)."))

        let recorded = try RecordedSession.read(from: folder)
        for recording in recorded.recordings {
            let sent = nodes.rowsSent(sensor: recording.sensor.id)
            #expect(sent == [recording.timesS.count], "\(recording.sensor.id): the node sent \(sent), \(recording.timesS.count) recorded")
            #expect(recording.gaps.isEmpty && !recording.isPartial, "\(recording.sensor.id): \(recording.gaps)")
        }
    }

    /// Ctrl-C in the middle of a live session: the recording is closed whole, the report is
    /// written, and it holds exactly the strides of the recording analysed offline.
    @Test func ctrlCDuringALiveSessionWritesTheReportOfTheRecording() throws {
        let speed = 3.0
        let nodes = try VirtualNodeFleet(session: "run-all-sensors", sensors: Self.sensors, speed: speed)
        defer { nodes.stop() }
        let folder = try GaitCommandRunner.temporaryFolder().appendingPathComponent("interrupted-live")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let recorder = try RecorderProcess(["record", "--out", folder.path, "--live", "--device-clock-rate", String(speed)]
            + nodes.portArguments)
        let started = try Self.sessionStart(of: recorder)
        // 25 s of the 30-s session: standing, calibration and some 30 strides.
        while Date().timeIntervalSince(started) < 25 / speed { usleep(10_000) }
        recorder.process.interrupt()
        let status = recorder.wait(timeoutS: 30)
        #expect(status == 0, "\(recorder.standardError)")
        #expect(recorder.standardOutput.contains("Recording ends: stopped (Ctrl-C)."))

        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as! [String: Any]
        let liveStrides = report["strides"] as! [[String: Any]]
        #expect(liveStrides.count >= 20, "\(liveStrides.count) strides in the report")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
        let (_, offline) = try SessionAnalysis().run(folder: folder)
        let offlineReport = GaitReport(result: offline, sessionID: "interrupted-live", subjectID: nil, activity: nil,
                                       startS: 0, endS: 0, thresholds: .defaults, generatorVersion: "test")
        let offlineJSON = try JSONSerialization.jsonObject(with: ReportJSON.data(offlineReport)) as! [String: Any]
        #expect(NSArray(array: offlineJSON["strides"] as! [[String: Any]]).isEqual(to: liveStrides), "live and offline strides differ")
    }

    /// A node killed mid-run and started again at the same port: the recorder reports one gap,
    /// with its start and end, and records the node again; the other nodes have no gap.
    @Test func nodeKilledAndRestartedGivesOneReportedGap() throws {
        let nodes = try VirtualNodeFleet(session: "run-all-sensors", sensors: Self.faultSensors, speed: 1, stableLinks: true)
        defer { nodes.stop() }
        let folder = try GaitCommandRunner.temporaryFolder().appendingPathComponent("restarted")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let recorder = try RecorderProcess(["record", "--out", folder.path, "--duration", "10"] + nodes.portArguments)
        let started = try Self.sessionStart(of: recorder)
        usleep(3_000_000)
        nodes.kill(sensor: "left_shank")
        let killedS = Date().timeIntervalSince(started)
        usleep(1_500_000)
        // Switched on again: it carries on from where the session is (its file from now on).
        try nodes.restart(sensor: "left_shank", fromS: Date().timeIntervalSince(started))
        let status = recorder.wait(timeoutS: 30)
        #expect(status == 0, "\(recorder.standardError)")
        let errors = recorder.standardError
        #expect(errors.contains("the link ended") && errors.contains("is back at") && errors.contains("recording again from"), "\(errors)")

        let manifest = try SessionFolder.open(folder).manifest
        let recorded = try RecordedSession.read(from: folder)
        for recording in recorded.recordings {
            guard case .object(let figures)? = manifest.sensor(id: recording.sensor.id)?.extra["recording"],
                  case .array(let outages)? = figures["outages"] else {
                Issue.record("\(recording.sensor.id): session.json has no recording outages")
                continue
            }
            guard recording.sensor.id == "left_shank" else {
                #expect(outages.isEmpty && recording.gaps.isEmpty, "\(recording.sensor.id): \(outages) \(recording.gaps)")
                continue
            }
            #expect(outages.count == 1 && recording.gaps.count == 1, "\(outages) \(recording.gaps)")
            guard case .object(let outage)? = outages.first, case .number(let fromS)? = outage["from"],
                  case .number(let toS)? = outage["to"], let gap = recording.gaps.first else { continue }
            print(String(format: "node killed at %.2f s, restarted at %.2f s: outage %.3f–%.3f s; the reader's gap %.3f–%.3f s",
                         killedS, killedS + 1.5, fromS, toS, gap.start, gap.end))
            // The outage is the gap the reader finds in the file, from the last sample before the
            // kill to the first after the restart.
            #expect(abs(gap.start - fromS) < 1e-9 && abs(gap.end - toS) < 1e-9, "\(gap) vs \(fromS)–\(toS)")
            #expect(fromS > killedS - 0.3 && fromS <= killedS, "the outage starts at the kill")
            #expect(toS > killedS + 1.5 && toS < killedS + 5, "the outage ends once the node is back and its clock mapped")
            #expect((recording.timesS.last ?? 0) > 9, "recording went on after the restart")
        }
    }

    /// When the recorder says "Recording.", polled every 2 ms: the session clock's zero (START
    /// went out just before), to a few ms.
    static func sessionStart(of recorder: RecorderProcess) throws -> Date {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if recorder.standardOutput.contains("Recording.") { return Date() }
            usleep(2_000)
        }
        throw LiveTestFailure("the recorder did not start: \(recorder.standardError)")
    }
}

/// `gait record` with links that cannot be used: a clear message and exit status 69, nothing written.
@Suite("gait record refuses unusable links")
struct RecordLinkErrorTests {
    @Test func aMalformedUSBNameIsExplained() throws {
        let folder = try GaitCommandRunner.temporaryFolder().appendingPathComponent("never")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let result = try GaitCommandRunner.run(["record", "--out", folder.path, "--port", "usb:1"])
        #expect(result.status == 69)
        #expect(result.standardError.contains("usb:1: a USB node is named usb:BUS/ADDRESS, e.g. usb:001/004"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test func anAbsentUSBNodeIsExplained() throws {
        let folder = try GaitCommandRunner.temporaryFolder().appendingPathComponent("never")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let result = try GaitCommandRunner.run(["record", "--out", folder.path, "--port", "usb:001/250"])
        #expect(result.status == 69)
        #expect(result.standardError.contains("usb:001/250: cannot open the link:") && result.standardError.contains("gait devices"),
                "\(result.standardError)")
    }

    @Test func anAbsentSerialPortIsExplained() throws {
        let folder = try GaitCommandRunner.temporaryFolder().appendingPathComponent("never")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let result = try GaitCommandRunner.run(["record", "--out", folder.path, "--port", "/dev/ttyNOSUCH0=pelvis"])
        #expect(result.status == 69)
        #expect(result.standardError.contains("/dev/ttyNOSUCH0: cannot open the link:"), "\(result.standardError)")
    }
}
