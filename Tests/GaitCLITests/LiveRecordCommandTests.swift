import Foundation
import GaitAnalysis
import GaitSessionFiles
import GaitTestSupport
import Testing

/// `gait record --live` end to end: the real firmware's virtual nodes stream a simulated session
/// over pseudo-terminals; the recorder writes it and analyses it as it comes.
@Suite("gait record --live with virtual nodes", .serialized)
struct LiveRecordCommandTests {
    static let sensors = ["pelvis", "left_thigh", "right_thigh", "left_shank", "right_shank", "left_foot", "right_foot",
                          "left_insole", "right_insole"]

    @Test func liveStridesAreTheStridesOfTheRecordingAnalysedOffline() throws {
        let speed = 3.0
        let nodes = try VirtualNodeFleet(session: "run-all-sensors", sensors: Self.sensors, speed: speed)
        defer { nodes.stop() }
        let folder = try GaitCommandRunner.temporaryFolder().appendingPathComponent("live")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let recorder = try RecorderProcess(["record", "--out", folder.path, "--live", "--device-clock-rate", String(speed)]
            + VirtualNodeFleet.recordWholeFixture + nodes.portArguments)
        // 30 s of session at 3× real time, the handshake, the nodes' flush: well under a minute.
        let status = recorder.wait(timeoutS: 90)
        let output = recorder.standardOutput
        #expect(status == 0, "\(recorder.standardError)\n\(output)")
        #expect(output.contains("Recording ends: the duration asked for is reached."))

        // What the live run found: its report, and the lines it printed as strides came.
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as! [String: Any]
        let liveStrides = report["strides"] as! [[String: Any]]
        let printed = output.split(separator: "\n").filter { $0.hasPrefix("L ") || $0.hasPrefix("R ") }
        #expect(liveStrides.count >= 50, "30 s with 20 s of running at ~170 steps/min")
        #expect(printed.count == liveStrides.count, "one line per stride as it was known")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))

        // The recording on disk, analysed offline: the same samples in the same order give the
        // same strides, bit for bit.
        let (manifest, offline) = try SessionAnalysis().run(folder: folder)
        let offlineReport = GaitReport(result: offline, sessionID: "live", subjectID: nil, activity: nil,
                                       startS: 0, endS: 0, thresholds: .defaults, generatorVersion: "test")
        let offlineJSON = try JSONSerialization.jsonObject(with: ReportJSON.data(offlineReport)) as! [String: Any]
        #expect(NSArray(array: offlineJSON["strides"] as! [[String: Any]]).isEqual(to: liveStrides),
                "live and offline strides differ")
        #expect(offline.strides.count == liveStrides.count)
        for (line, stride) in zip(printed, offline.strides) {
            #expect(line.contains(String(format: "%8.3f", stride.initialContactS)), "printed \(line) vs offline IC \(stride.initialContactS)")
        }

        // Complete on disk: every sensor's file holds what the recorder counted, nothing missing.
        #expect(manifest.sensors.map(\.placement.rawValue).sorted() == Self.sensors.sorted())
        let recorded = try RecordedSession.read(from: folder)
        for recording in recorded.recordings {
            let counts = manifest.sensor(id: recording.sensor.id)!.extra["recording"]
            guard case .object(let figures)? = counts, case .number(let samples)? = figures["samplesRecorded"],
                  case .number(let missing)? = figures["samplesMissing"] else {
                Issue.record("session.json has no recording counts for \(recording.sensor.id)")
                continue
            }
            #expect(Double(recording.timesS.count) == samples, "\(recording.sensor.id)")
            #expect(missing == 0 && recording.gaps.isEmpty, "\(recording.sensor.id): \(recording.gaps)")
            // Nothing lost: every sample of the fixture is in the recording.
            let fixtureFile = VirtualNodeFleet.fixtures.appendingPathComponent("run-all-sensors/\(recording.sensor.file)")
            let expected = try String(contentsOf: fixtureFile, encoding: .utf8).split(separator: "\n").count - 1  // the header
            #expect(recording.timesS.count == expected, "\(recording.sensor.id): \(recording.timesS.count) of \(expected) samples recorded")
        }

        // The recording analysed is the source session analysed: the same strides, the same
        // measures within 0.1° (RecordingAgainstSource: each sensor moved by its node's start).
        let comparison = try RecordingAgainstSource(recording: folder, source: VirtualNodeFleet.fixtures.appendingPathComponent("run-all-sensors"))
        print("recording vs source: \(comparison)")
        #expect(comparison.recordedStrides == comparison.sourceStrides && comparison.mismatchedStrides == 0, "\(comparison)")
        #expect(comparison.largestMeasureDifferenceDeg <= 0.1, "\(comparison)")
        #expect(comparison.largestContactDifferenceS <= 0.002, "\(comparison)")

        // Against the simulator's truth, within the analysis's tolerances (AccuracyAgainstTruthTests).
        let insole = try #require(recorded.recordings.first { $0.sensor.placement == .leftInsole })
        let score = try LiveTruth.score(liveStrides, truthFile: VirtualNodeFleet.fixtures.appendingPathComponent("run-all-sensors.truth.json"),
                                        offsetS: insole.timesS[0])
        print("live vs truth: \(score)")
        #expect(score.unmatched <= 2 && score.medianContactErrorMs <= 5, "\(score)")
        #expect((score.rmse("pelvicDropDeg") ?? .infinity) <= 1.0, "\(score)")
        #expect((score.rmse("kneeValgusDeg") ?? .infinity) <= 1.5, "\(score)")
        #expect((score.rmse("pronationDeg") ?? .infinity) <= 1.5, "\(score)")
    }
}
