import Foundation
import Testing
@testable import GaitDashboard

/// The feed's own rules: what a page that is still open at the end of a session gets.
struct LiveFeedTests {
    /// `end` with a stream still open used to finish it under the feed's lock, whose termination
    /// handler takes the same lock: the session's end hung whenever a browser had the page open.
    @Test(.timeLimit(.minutes(1))) func endingWithAPageOpenDoesNotHang() async throws {
        let feed = LiveFeed()
        feed.record(event: "marker", json: #"{"label":"cue","t":1}"#)
        let stream = feed.subscribe(after: 0)
        #expect(feed.subscriberCount == 1)

        let ended = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            feed.end()
            ended.signal()
        }
        #expect(ended.wait(timeout: .now() + 5) == .success, "end() did not return")
        #expect(feed.subscriberCount == 0)
        // The open stream got everything, then ended.
        var received: [String] = []
        for await text in stream { received.append(text) }
        #expect(received.contains { $0.contains("event: marker") })
    }
}
