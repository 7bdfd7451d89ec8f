import Foundation
import Testing
@testable import GaitDashboard

/// The page's own script, in a real browser, off loopback: it must pass the access token on to
/// the event stream and to the marker endpoint, and its requests (same origin, its own Host)
/// must pass the server's checks.
@Suite("live page in Chromium, with a token", .serialized)
struct LivePageInChromiumTests {
    /// What the browser showed, step by step.
    struct Seen: Sendable {
        var streamOpened = false
        var statusArrived = false
        var markAnswered = false
        var markerCameBack = false
        var refusedWithoutToken = false
    }

    @Test(.timeLimit(.minutes(2))) func thePageStreamsAndMarksWithItsToken() async throws {
        let session = ScriptedSession()
        let server = DashboardServer(session: session, thresholds: .defaults)
        let listening = try await offThePool { try server.start(address: DashboardAddress("0.0.0.0")!, port: 0) }
        let token = try #require(listening.token)
        let page = "http://127.0.0.1:\(listening.port)/"

        // Chromium on a thread of its own: the server answers from the cooperative pool.
        let seen = try await offThePool { () throws -> Seen in
            let browser = try DevToolsPage()
            var seen = Seen()
            try browser.navigate(to: page + "?token=\(token)")
            // The stream opened (the token in its query), and statuses come down it.
            seen.streamOpened = try browser.waitFor("document.getElementById('link').className", toBe: "live")
            seen.statusArrived = try browser.waitFor("document.getElementById('elapsed').textContent", toBe: "0:12")
            // The page's Mark button (its prompt answered): a POST with the token in its header …
            _ = try browser.evaluate("window.prompt = () => 'marked in the browser'; mark(); true")
            seen.markAnswered = try browser.waitFor("document.getElementById('marked').textContent", toBe: "marked")
            // … and the marker comes back to the page by the stream.
            seen.markerCameBack = try browser.waitFor("[...document.querySelectorAll('#markers li')].map(l => l.textContent).join('|')",
                                                      toBe: "12.5 s — marked in the browser")
            // The same page without the token shows only the refusal.
            try browser.navigate(to: page)
            seen.refusedWithoutToken = try browser.waitFor(
                "document.body.innerText.startsWith('This live page needs its access token') ? 'refused' : ''", toBe: "refused")
            return seen
        }
        _ = try await offThePool { server.stop() }

        #expect(seen.streamOpened, "the event stream did not open")
        #expect(seen.statusArrived, "no status came down the stream")
        #expect(seen.markAnswered, "the marker's POST was not accepted")
        #expect(session.markersSet.map(\.label) == ["marked in the browser"])
        #expect(seen.markerCameBack, "the marker did not come back by the stream")
        #expect(seen.refusedWithoutToken)
    }
}
