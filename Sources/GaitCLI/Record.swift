import ArgumentParser
import Foundation
import GaitAnalysis
import GaitCore
import GaitDashboard
import GaitLive
import GaitReports
import GaitSessionFiles

extension Gait {
    /// `gait record`: record sensor nodes to a session folder; with `--live`, measure every stride as it happens.
    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record sensor nodes to a session folder; with --live, measure every footstrike while the athlete runs.",
            discussion: """
                Connects to each --port, reads its DESCRIPTOR, maps its clock onto the session clock \
                (TIME_SYNC pings at 10 Hz), sends START and writes every sample to SESSION_DIR as it \
                arrives (gait-session-csv/1; flushed every 0.2 s; lost samples stay gaps). With --live \
                the same samples go to the analysis and each stride prints one line as soon as it is \
                known (about 1.5 s after its toe-off, once 15 s of running have calibrated the sensors). \
                A node whose link ends (a cable pulled, a node restarted) is waited for at its port and \
                recorded again when it comes back; the gap is reported, never filled in. Ends on \
                Ctrl-C, after --duration, or when no node has sent anything for 10 s; then writes \
                report.json and report.html into SESSION_DIR. `gait analyze SESSION_DIR` later gives \
                the same strides. Exits 69 when a device cannot be used, 73 when a file cannot be written.
                """)

        @Option(help: ArgumentHelp("The session folder to create (session.json and one CSV per sensor).", valueName: "session-dir"))
        var out: String

        @Option(name: .customLong("port"), parsing: .singleValue,
                help: ArgumentHelp("A node's serial port (e.g. /dev/serial/by-id/…, /dev/ttyACM0, a virtual node's /dev/pts/N) or USB bulk interface (usb:BUS/ADDRESS as `gait devices` lists it), optionally =PLACEMENT to set where it is worn (pelvis, left_thigh, …, right_insole). Repeat for each node.",
                                   valueName: "path[=placement]"))
        var ports: [PortArgument] = []

        @Option(help: ArgumentHelp("Stop after this many seconds of session time.", valueName: "s"))
        var duration: Double?

        @Flag(help: "Analyse while recording: one line per stride as soon as it is known, and the report at the end.")
        var live = false

        @Flag(help: "Serve the live page (strides, sensors, a button to mark events), on 127.0.0.1 unless --dashboard-address says otherwise; needs --live.")
        var dashboard = false

        @Option(name: .customLong("dashboard-address"),
                help: ArgumentHelp("The IP address the live page listens on: 127.0.0.1 (this computer only), an address of one of its network interfaces, or 0.0.0.0 (all of them). Off loopback the page asks for an access token, printed in its address.",
                                   valueName: "address"))
        var dashboardAddress = "127.0.0.1"

        @Option(name: .customLong("dashboard-port"), help: ArgumentHelp("The live page's port; 0 takes any free one.", valueName: "port"))
        var dashboardPort = 8765

        @Option(name: .customLong("dashboard-hold"),
                help: ArgumentHelp("Keep the live page up this long after the session ends (the final strides, the report); Ctrl-C ends it sooner.", valueName: "s"))
        var dashboardHold = 0.0

        @Option(name: .customLong("pelvic-drop-reference"),
                help: ArgumentHelp("Healthy-reference mean and SD of pelvic drop; flags at mean + 1 SD (Bramah 2018, 2019).", valueName: "deg,deg"))
        var pelvicDropReference: SidePairArgument?

        @Option(name: .customLong("device-clock-rate"),
                help: ArgumentHelp("Device seconds per real second: only for virtual nodes replaying with --speed X (give X).", valueName: "x",
                                   visibility: .hidden))
        var deviceClockRate: Double = 1

        func validate() throws {
            guard !ports.isEmpty else { throw ValidationError("Give at least one --port (`gait devices` lists them).") }
            if let duration, !(duration > 0) { throw ValidationError("--duration must be a positive number of seconds.") }
            if dashboard && !live { throw ValidationError("--dashboard shows the live analysis: add --live.") }
            guard (0...65535).contains(dashboardPort) else { throw ValidationError("--dashboard-port must be 0–65535.") }
            guard DashboardAddress(dashboardAddress) != nil else {
                throw ValidationError("--dashboard-address \(dashboardAddress) is not an IP address; give 127.0.0.1 (this computer only), one of this computer's addresses (`ip -brief address` lists them), or 0.0.0.0 for all.")
            }
            guard deviceClockRate > 0 else { throw ValidationError("--device-clock-rate must be positive.") }
            if FileManager.default.fileExists(atPath: URL(fileURLWithPath: out).appendingPathComponent("session.json").path) {
                throw ValidationError("\(out) already holds a session; choose a new folder so that nothing is overwritten.")
            }
        }

        func run() throws {
            let folder = URL(fileURLWithPath: out, isDirectory: true)
            let thresholds = pelvicDropReference.map {
                ThresholdSet.withPelvicDrop(referenceMeanDeg: $0.value.left, sdDeg: $0.value.right)
            } ?? ThresholdSet.defaults
            let log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("gait record: \($0)\n".utf8)) }
            // The page is created once the session exists; strides only come after `start`.
            let dashboardBox = Locked<DashboardServer?>(nil)
            let session: LiveSession
            do {
                session = try LiveSession(folder: folder, ports: ports.map { LiveSession.Port(path: $0.path, placement: $0.placement) },
                                          deviceRate: deviceClockRate, analyse: live, log: log,
                                          onStride: { stride in
                                              say(StrideLine.text(stride, thresholds: thresholds))
                                              dashboardBox.withLock { $0 }?.publish(stride)
                                          })
            } catch {
                log("\(error)")
                throw ExitCode(69)  // EX_UNAVAILABLE
            }
            for device in session.devices {
                let figures = device.snapshot()
                say("\(figures.label): \(figures.placement?.rawValue ?? "?"), \(figures.nominalRateHz.map { String(format: "%g Hz", $0) } ?? "?")")
            }
            if dashboard {
                let server = DashboardServer(session: session, thresholds: thresholds)
                do {
                    let listening = try server.start(address: DashboardAddress(dashboardAddress)!, port: dashboardPort)
                    say("Live page: \(listening.pageURL)")
                    if listening.token != nil {
                        say("(Anyone with this address, token included, sees the session: share it only with the people who should.)")
                    }
                } catch {
                    log("\(error)")
                    _ = try? session.stop()
                    throw ExitCode(69)
                }
                dashboardBox.withLock { $0 = server }
            }
            if live { say(StrideLine.header) }
            session.start()
            say("Recording. Ctrl-C ends the session\(duration.map { String(format: " (or %g s)", $0) } ?? "").")
            let progress = RecordProgress(session: session)
            progress.start()
            let end = SessionEnd.wait(for: session, durationS: duration)
            progress.stop()
            say("Recording ends: \(end).")
            let result: AnalysisResult?
            do {
                result = try session.stop()
            } catch {
                dashboardBox.withLock { $0 }?.stop()
                log("\(error)")
                throw ExitCode(73)
            }
            for device in session.devices {
                let figures = device.snapshot()
                say("\(figures.label): \(figures.samplesRecorded) samples recorded, \(figures.samplesMissing) missing (gaps), \(figures.framesLost) frames lost, \(figures.samplesNotRecorded) not recorded")
                for outage in device.outages {
                    say(String(format: "  no samples from %.3f s to %@ (the link was down)", outage.fromS,
                               outage.toS.map { String(format: "%.3f s", $0) } ?? "the end"))
                }
            }
            say("Session written to \(out)")
            if let result { try writeReport(result, manifest: session.manifest, folder: folder, thresholds: thresholds) }
            if let server = dashboardBox.withLock({ $0 }) {
                if dashboardHold > 0 {
                    say(String(format: "The live page stays up for %g s (Ctrl-C ends it).", dashboardHold))
                    _ = SessionEnd.waitForSignal(timeoutS: dashboardHold)
                }
                server.stop()
            }
        }

        private func writeReport(_ result: AnalysisResult, manifest: SessionManifest, folder: URL, thresholds: ThresholdSet) throws {
            let report = GaitReport(
                result: result, sessionID: folder.lastPathComponent, subjectID: manifest.subject?.id, activity: manifest.activity,
                startS: result.timeSpanS?.lowerBound ?? 0, endS: result.timeSpanS?.upperBound ?? 0,
                thresholds: thresholds, generatorVersion: Gait.version)
            let jsonPath = folder.appendingPathComponent("report.json").path
            let htmlPath = folder.appendingPathComponent("report.html").path
            do {
                let json = ReportJSON.data(report)
                try ReportFiles.write(String(decoding: json, as: UTF8.self), to: jsonPath)
                let document = try ReportReader.decode(json, file: "the live session's report")
                try ReportFiles.write(ReportPage.html(document), to: htmlPath)
            } catch {
                FileHandle.standardError.write(Data("gait record: \(error)\n".utf8))
                throw ExitCode(73)
            }
            say(ReportText.render(report, perStride: false), terminator: "")
            say("Report written to \(jsonPath) and \(htmlPath)")
        }
    }
}

/// Writes a line to standard output at once (not through stdio's buffer): a stride's line must
/// leave when the stride is known, also when the output is a pipe.
func say(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((text + terminator).utf8))
}

/// `PATH` or `PATH=PLACEMENT`.
struct PortArgument: ExpressibleByArgument {
    var path: String
    var placement: Placement?

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard let first = parts.first, !first.isEmpty else { return nil }
        path = first
        if parts.count == 2 {
            guard let placement = Placement(rawValue: parts[1]) else { return nil }
            self.placement = placement
        }
    }
}

/// One printed line per stride, as soon as it is known.
enum StrideLine {
    static let header = "side  #    IC s     drop °  valgus °  pronation °  flags"

    static func text(_ stride: StrideResult, thresholds: ThresholdSet) -> String {
        func number(_ x: Double?) -> String { x.map { String(format: "%.1f", $0) } ?? "–" }
        let m = stride.measures
        let flags = GaitReport.flags(of: stride, thresholds: thresholds)
        return [stride.side == .left ? "L   " : "R   ", String(stride.index).leftPadded(4),
                String(format: "%8.3f", stride.initialContactS), number(m.pelvicDropDeg).leftPadded(9),
                number(m.kneeValgusDeg).leftPadded(9), number(m.pronationDeg).leftPadded(12),
                flags.isEmpty ? "" : "⚑ " + flags.joined(separator: ",")].joined(separator: " ")
    }
}
