import Foundation
import GaitAnalysis
import GaitSessionFiles
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
        // measures within 0.1°. Each virtual node starts its file when START reaches it, a little
        // apart from the others (≈ 0.1–1 ms), and the recorder rightly stamps each sample when
        // it was taken; so the source is analysed with each sensor moved by its node's start.
        var shifted = try RecordedSession.read(from: VirtualNodeFleet.fixtures.appendingPathComponent("run-all-sensors"))
        for index in shifted.recordings.indices {
            let recording = try #require(recorded.recordings.first { $0.sensor.id == shifted.recordings[index].sensor.id })
            let startS = recording.timesS[0] - shifted.recordings[index].timesS[0]
            print(String(format: "%@ started at %.4f s", recording.sensor.id, startS))
            shifted.recordings[index].timesS = shifted.recordings[index].timesS.map { $0 + startS }
        }
        let source = SessionAnalysis().run(shifted)
        let offsetS = 0.0
        #expect(source.strides.count == offline.strides.count, "source \(source.strides.count) strides, recording \(offline.strides.count)")
        var largestDifferenceDeg = 0.0, largestContactDifferenceS = 0.0
        for (fromSource, fromRecording) in zip(source.strides, offline.strides) {
            #expect(fromSource.side == fromRecording.side)
            largestContactDifferenceS = max(largestContactDifferenceS, abs(fromRecording.initialContactS - offsetS - fromSource.initialContactS))
            let pairs: [(Double?, Double?)] = [
                (fromSource.measures.pelvicDropDeg, fromRecording.measures.pelvicDropDeg),
                (fromSource.measures.kneeValgusDeg, fromRecording.measures.kneeValgusDeg),
                (fromSource.measures.pronationDeg, fromRecording.measures.pronationDeg),
                (fromSource.measures.peakEversionDeg, fromRecording.measures.peakEversionDeg),
            ]
            for (a, b) in pairs {
                #expect((a == nil) == (b == nil))
                if let a, let b {
                    largestDifferenceDeg = max(largestDifferenceDeg, abs(a - b))
                }
            }
        }
        print(String(format: "recording vs source: %d strides; largest measure difference %.4f°, largest IC difference %.2f ms",
                     offline.strides.count, largestDifferenceDeg, largestContactDifferenceS * 1000))
        #expect(largestDifferenceDeg <= 0.1)
        #expect(largestContactDifferenceS <= 0.002)

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
