import Foundation
import GaitAnalysis
import GaitCore
import GaitLive
import Hummingbird
import Logging

/// The live page of a session, served on 127.0.0.1 only (the athlete's data never leaves the
/// machine): `GET /` the page, `GET /events` server-sent events (`LiveFeed`), `POST /markers`
/// marks the present moment with the request's body as its label.
public final class DashboardServer: Sendable {
    public let feed = LiveFeed()
    private let session: LiveSession
    private let thresholds: ThresholdSet
    private let boundPort = Locked<Int?>(nil)
    private let tasks = Locked<[Task<Void, Never>]>([])

    /// How often the sensors' status is sent, s.
    static let statusIntervalS = 0.5

    public init(session: LiveSession, thresholds: ThresholdSet) {
        self.session = session
        self.thresholds = thresholds
    }

    /// Hands a stride to every page (call from the session's `onStride`).
    public func publish(_ stride: StrideResult) {
        feed.record(event: "stride", json: DashboardEvents.stride(stride, thresholds: thresholds))
    }

    /// Starts serving on `port` (0: any free port) and returns the port, once the server listens.
    /// - Throws: `LiveSessionError` when the port cannot be bound.
    public func start(port: Int) throws -> Int {
        let router = Router()
        let feed = self.feed, session = self.session
        router.get("/") { _, _ -> Response in
            // The page carries everything so far, so it is whole the moment it loads; the event
            // stream then continues from the last event it holds.
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html(initial: feed.snapshot()))))
        }
        router.get("/events") { request, _ -> Response in
            let query = request.uri.queryParameters.get("after").flatMap { Int($0) } ?? 0
            let reconnect = request.headers.first { $0.name.canonicalName == "last-event-id" }.flatMap { Int($0.value) } ?? 0
            let events = feed.subscribe(after: max(query, reconnect))
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                            body: ResponseBody { writer in
                                for await text in events { try await writer.write(ByteBuffer(string: text)) }
                                try await writer.finish(nil)
                            })
        }
        router.post("/markers") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1024)
            var label = String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
            if label.isEmpty { label = "marker" }
            let marker = session.mark(String(label.prefix(200)))
            feed.record(event: "marker", json: DashboardEvents.marker(marker))
            return Response(status: .created, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: DashboardEvents.marker(marker))))
        }
        let listening = DispatchSemaphore(value: 0)
        let boundPort = self.boundPort
        // The server's own log stays quiet: the terminal is the stride table's.
        var logger = Logger(label: "gait.dashboard")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "gait"),
                              onServerRunning: { channel in
                                  boundPort.withLock { $0 = channel.localAddress?.port }
                                  listening.signal()
                              }, logger: logger)
        let failure = Locked<String?>(nil)
        let server = Task {
            do {
                try await app.runService(gracefulShutdownSignals: [])
            } catch {
                failure.withLock { $0 = "\(error)" }
            }
            listening.signal()
        }
        listening.wait()
        guard let bound = boundPort.withLock({ $0 }) else {
            throw LiveSessionError("the dashboard cannot listen on 127.0.0.1:\(port): \(failure.withLock { $0 } ?? "unknown error"). Choose another port with --dashboard-port, or 0 for any free one.")
        }
        let statuses = Task.detached { [session, feed] in
            var previous: [Int] = [], previousS = 0.0
            while !Task.isCancelled {
                let elapsedS = session.elapsedS
                let snapshots = session.devices.map { $0.snapshot() }
                let sensors = snapshots.enumerated().map { index, device in
                    let rate: Double? = index < previous.count && elapsedS > previousS
                        ? Double(device.samplesRecorded - previous[index]) / (elapsedS - previousS) : nil
                    return DashboardEvents.Sensor(placement: device.placement?.rawValue ?? "?", label: device.label, connected: device.connected,
                                                  endReason: device.endReason, nominalRateHz: device.nominalRateHz, rateHz: rate,
                                                  samplesRecorded: device.samplesRecorded, samplesMissing: device.samplesMissing,
                                                  framesLost: device.framesLost)
                }
                feed.status(json: DashboardEvents.json(DashboardEvents.Status(elapsedS: elapsedS, sensors: sensors)))
                previous = snapshots.map(\.samplesRecorded)
                previousS = elapsedS
                try? await Task.sleep(nanoseconds: UInt64(Self.statusIntervalS * 1e9))
            }
        }
        tasks.withLock { $0 = [server, statuses] }
        return bound
    }

    /// Tells every page the session ended, closes their streams and stops the server.
    public func stop() {
        feed.record(event: "end", json: "{}")
        feed.end()
        let running = tasks.withLock { $0 }
        running.forEach { $0.cancel() }
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            for task in running { await task.value }
            done.signal()
        }
        _ = done.wait(timeout: .now() + 5)
    }
}
