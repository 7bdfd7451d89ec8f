import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `gait record --live --dashboard` at real time: the virtual nodes stream the whole fixture over
/// ptys, headless Chromium opens the live page (twice: a late joiner and a reload get every stride
/// so far), a marker is set through the page's endpoint, and the run ends cleanly.
extension LiveRecordCommandTests {  // in that suite: one fleet of nodes at a time
    @Test func livePageShowsTheStridesAsTheyComeAndTheyMatchTheTruth() throws {
        let nodes = try VirtualNodeFleet(session: "run-all-sensors", sensors: LiveRecordCommandTests.sensors, speed: 1)
        defer { nodes.stop() }
        let folder = try GaitCommandRunner.temporaryFolder().appendingPathComponent("live")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        // The page stays up 10 s after the recording ends (long enough to read it once more),
        // then the recorder exits by itself.
        let recorder = try RecorderProcess(["record", "--out", folder.path, "--live", "--dashboard", "--dashboard-port", "0",
                                            "--dashboard-hold", "10"] + VirtualNodeFleet.recordWholeFixture + nodes.portArguments)
        defer { if recorder.process.isRunning { recorder.process.interrupt() } }

        let page = try #require(waitFor(timeoutS: 20) { () -> URL? in
            guard let line = recorder.standardOutput.split(separator: "\n").first(where: { $0.hasPrefix("Live page: ") }) else { return nil }
            return URL(string: String(line.dropFirst("Live page: ".count)))
        }, "no 'Live page:' line: \(recorder.standardError)")

        // A first viewer before any stride: the sensors are there, connected.
        let early = try DashboardDOM(Chromium.dumpDOM(page))
        #expect(early.sensors.count == 9 && early.sensors.allSatisfy { $0.connected }, "\(early.sensors)")

        // A marker, as the page's button sends it.
        let marked = try postMarker(page.appendingPathComponent("markers"), label: "shoe change")
        #expect(marked == 201)

        // The event stream: a stride comes down it as soon as it is known (the marker was event 1).
        let stream = try readEventStream(port: page.port!, path: "/events?after=1", timeoutS: 150) { $0.contains("event: stride") }
        #expect(stream.contains("text/event-stream") && stream.contains("event: status"))
        #expect(stream.contains("id: 2\nevent: stride\ndata: {"), "\(stream.suffix(400))")

        // Once strides are coming: a viewer that joins late gets every stride so far, and so
        // does a second one (or a reload) after it.
        _ = waitFor(timeoutS: 150) { Self.printedStrides(recorder.standardOutput) >= 20 ? true : nil }
        let late = try DashboardDOM(Chromium.dumpDOM(page))
        #expect(late.strides.count >= 20, "late joiner saw \(late.strides.count) strides")
        #expect(late.markers.contains { $0.contains("shoe change") }, "\(late.markers)")
        let reloaded = try DashboardDOM(Chromium.dumpDOM(page))
        #expect(reloaded.strides.count >= late.strides.count)
        let lateKeys = Set(late.strides.map { "\($0.index) \($0.ic)" })
        #expect(lateKeys.isSubset(of: Set(reloaded.strides.map { "\($0.index) \($0.ic)" })))

        // The recording ends after the duration, with everything the nodes sent.
        _ = waitFor(timeoutS: 150) { recorder.standardOutput.contains("The live page stays up") ? true : nil }
        let final = try DashboardDOM(Chromium.dumpDOM(page))
        let status = recorder.wait(timeoutS: 90)
        #expect(status == 0, "\(recorder.standardError)\n\(recorder.standardOutput.suffix(1500))")
        #expect(final.strides.count == Self.printedStrides(recorder.standardOutput), "the page shows every stride")

        // What the page showed is what the session's report holds, number for number …
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("report.json"))) as! [String: Any]
        let reported = report["strides"] as! [[String: Any]]
        for shown in final.strides {
            let same = reported.first { ($0["index"] as? Int) == shown.index }
            // report.json rounds to 6 decimals (report-json.md); the page has the exact numbers.
            #expect(abs((same?["ic"] as? Double ?? .nan) - shown.ic) <= 1e-6 && same?["side"] as? String == shown.side, "stride \(shown.index)")
            for (key, value) in shown.measures {
                #expect(abs((same?[key] as? Double ?? .nan) - value) <= 1e-6, "stride \(shown.index) \(key)")
            }
        }
        // … and matches the truth within the analysis's tolerances.
        let insoleStart = try Self.firstSampleTime(folder.appendingPathComponent("left_insole.csv"))
        let score = try LiveTruth.score(final.strides.map { $0.asReportStride }, truthFile:
            VirtualNodeFleet.fixtures.appendingPathComponent("run-all-sensors.truth.json"), offsetS: insoleStart)
        print("live page vs truth: \(score)")
        #expect(score.unmatched <= 2 && score.medianContactErrorMs <= 5, "\(score)")
        #expect((score.rmse("pelvicDropDeg") ?? .infinity) <= 1.0 && (score.rmse("kneeValgusDeg") ?? .infinity) <= 1.5
                && (score.rmse("pronationDeg") ?? .infinity) <= 1.5, "\(score)")

        // The marker is stored with the recording.
        let manifest = try String(contentsOf: folder.appendingPathComponent("session.json"), encoding: .utf8)
        #expect(manifest.contains("\"markers\"") && manifest.contains("shoe change"))
    }

    static func printedStrides(_ output: String) -> Int {
        output.split(separator: "\n").filter { $0.hasPrefix("L ") || $0.hasPrefix("R ") }.count
    }

    static func firstSampleTime(_ file: URL) throws -> Double {
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", maxSplits: 2)
        return Double(lines[1].split(separator: ",")[0])!
    }

    private func postMarker(_ url: URL, label: String) throws -> Int {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(label.utf8)
        let status = LockedStatus()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, response, _ in
            status.set((response as? HTTPURLResponse)?.statusCode ?? -1)
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return status.get()
    }
}

/// Polls `probe` every 0.1 s until it gives a value or `timeoutS` passes.
func waitFor<T>(timeoutS: Double, _ probe: () -> T?) -> T? {
    let deadline = Date().addingTimeInterval(timeoutS)
    while Date() < deadline {
        if let value = probe() { return value }
        usleep(100_000)
    }
    return nil
}

/// An HTTP status handed from URLSession's queue to the test.
final class LockedStatus: @unchecked Sendable {
    // `@unchecked Sendable`, and why that is safe: `value` is touched only between lock() and unlock().
    private let lock = NSLock()
    private var value = -1
    func set(_ new: Int) { lock.lock(); value = new; lock.unlock() }
    func get() -> Int { lock.lock(); defer { lock.unlock() }; return value }
}
