import Foundation
import GaitAnalysis
import GaitCore
import GaitLive
import Hummingbird
import Logging

/// The live page of a session: `GET /` the page, `GET /events` server-sent events (`LiveFeed`),
/// `POST /markers` marks the present moment with the request's body as its label. Served on
/// 127.0.0.1 unless another address is asked for; every request passes `DashboardAccess` first
/// (its Host and Origin always; off loopback, an access token too).
public final class DashboardServer: Sendable {
    public let feed = LiveFeed()
    private let session: any DashboardSession
    private let thresholds: ThresholdSet
    private let boundPort = Locked<Int?>(nil)
    private let tasks = Locked<[Task<Void, Never>]>([])

    /// How often the sensors' status is sent, s.
    static let statusIntervalS = 0.5

    /// Where the page is served, once `start` returns.
    public struct Listening: Sendable {
        public var port: Int
        /// The page's address to open, with `?token=…` when one is needed.
        public var pageURL: String
        /// Nil on a loopback address.
        public var token: String?
    }

    public init(session: any DashboardSession, thresholds: ThresholdSet) {
        self.session = session
        self.thresholds = thresholds
    }

    /// Hands a stride to every page (call from the session's `onStride`).
    public func publish(_ stride: StrideResult) {
        feed.record(event: "stride", json: DashboardEvents.stride(stride, thresholds: thresholds))
    }

    /// Starts serving on `address`:`port` (port 0: any free one) and says where, once the server
    /// listens. Off loopback a new access token is made for this run.
    ///
    /// Blocks the calling thread until the server listens: call it from a thread of its own (the
    /// command line's main thread), not from a Swift concurrency task — the server's own tasks
    /// need the cooperative threads, and with all of them blocked it would never start.
    /// - Throws: `LiveSessionError` when the address or port cannot be bound.
    public func start(address: DashboardAddress = .loopback, port: Int) throws -> Listening {
        let access = DashboardAccess(address: address, token: address.isLoopback ? nil : AccessToken.generate())
        let router = Router()
        // Before the routes: Hummingbird applies a middleware to the routes added after it.
        router.add(middleware: AccessMiddleware(access: access, port: boundPort))
        let feed = self.feed, session = self.session, token = access.token
        router.get("/") { _, _ -> Response in
            // The page carries everything so far, so it is whole the moment it loads; the event
            // stream then continues from the last event it holds. No referrer: the page's own
            // address may hold the token.
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                            .init("Referrer-Policy")!: "no-referrer"],
                     body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html(initial: feed.snapshot(), token: token))))
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
        let app = Application(router: router, configuration: .init(address: .hostname(address.literal, port: port), serverName: "gait"),
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
            throw LiveSessionError("the dashboard cannot listen on \(DashboardAddress.urlHost(address.literal)):\(port): \(failure.withLock { $0 } ?? "unknown error"). Choose another port with --dashboard-port (0 for any free one), or an address of this machine with --dashboard-address.")
        }
        let statuses = Task.detached { [session, feed] in
            var previous: [Int] = [], previousS = 0.0
            while !Task.isCancelled {
                let elapsedS = session.elapsedS
                let snapshots = session.deviceSnapshots()
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
        let page = "http://\(DashboardAddress.urlHost(address.addressToShow())):\(bound)/" + (token.map { "?token=\($0)" } ?? "")
        return Listening(port: bound, pageURL: page, token: token)
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
