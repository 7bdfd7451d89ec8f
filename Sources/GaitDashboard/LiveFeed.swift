import GaitCore

/// The dashboard's events: everything that happened (strides, markers) is kept, numbered, so that
/// a page opened late — or reloaded — gets all of it in its HTML (`snapshot`) and then, by
/// server-sent events, what follows (`subscribe(after:)`; a browser that reconnects sends the
/// last number it saw as `Last-Event-ID`). The newest status (sensors, elapsed time) is kept too.
///
/// Memory: one short line per stride (a two-hour session at 90 strides/min is ~11 000 lines,
/// about 2 MB); statuses replace one another.
public final class LiveFeed: Sendable {
    private struct State: Sendable {
        /// Event name and JSON; the event's number is its position + 1.
        var history: [(event: String, json: String)] = []
        var latestStatus: String?
        var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
        var nextSubscriber = 0
        var ended = false
    }

    private let state = Locked(State())

    public init() {}

    /// Adds an event that late joiners also get (`stride`, `marker`, `end`).
    public func record(event: String, json: String) {
        state.withLock { state in
            state.history.append((event, json))
            let text = Self.format(event: event, json: json, id: state.history.count)
            for continuation in state.subscribers.values { continuation.yield(text) }
        }
    }

    /// The newest status (nil before the first) and every event so far, with the number of the last.
    public func snapshot() -> (status: String?, events: [(event: String, json: String)], lastID: Int) {
        state.withLock { ($0.latestStatus, $0.history, $0.history.count) }
    }

    /// The newest status; replaces the previous one.
    public func status(json: String) {
        let text = Self.format(event: "status", json: json, id: nil)
        state.withLock { state in
            state.latestStatus = json
            for continuation in state.subscribers.values { continuation.yield(text) }
        }
    }

    /// The events numbered after `after`, then every later event; ends when the session does.
    public func subscribe(after: Int) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .unbounded)
        let id = state.withLock { state -> Int in
            // Under the lock: nothing recorded between the backlog and the subscription is lost or doubled.
            continuation.yield("retry: 1000\n\n")
            if let status = state.latestStatus { continuation.yield(Self.format(event: "status", json: status, id: nil)) }
            for (offset, item) in state.history.enumerated() where offset + 1 > after {
                continuation.yield(Self.format(event: item.event, json: item.json, id: offset + 1))
            }
            if state.ended {
                continuation.finish()
                return -1
            }
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    /// No more events: every open stream ends.
    public func end() {
        let open = state.withLock { state in
            state.ended = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        // Outside the lock: `finish` runs the stream's `onTermination` at once, which takes the
        // lock to remove its subscriber — under the lock, an open page deadlocked the end.
        open.forEach { $0.finish() }
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// One server-sent event (data on one line: the JSON has no newlines).
    static func format(event: String, json: String, id: Int?) -> String {
        (id.map { "id: \($0)\n" } ?? "") + "event: \(event)\ndata: \(json)\n\n"
    }
}
