import Foundation
import Testing
@testable import GaitDashboard

/// The page's own script, in a real browser, off loopback: it must pass the access token on to
/// the event stream and to the marker endpoint, and its requests (same origin, its own Host)
/// must pass the server's checks.
@Suite("live page in Chromium, with a token", .serialized)
struct LivePageInChromiumTests {
    @Test(.timeLimit(.minutes(2))) func thePageStreamsAndMarksWithItsToken() throws {
        let session = ScriptedSession()
        let server = DashboardServer(session: session, thresholds: .defaults)
        let listening = try server.start(address: DashboardAddress("0.0.0.0")!, port: 0)
        defer { server.stop() }
        let token = try #require(listening.token)
        let browser = try DevToolsPage()

        try browser.navigate(to: "http://127.0.0.1:\(listening.port)/?token=\(token)")
        // The stream opened (with the token in its query), and statuses come down it.
        #expect(try browser.waitFor("document.getElementById('link').className", toBe: "live"), "the event stream did not open")
        #expect(try browser.waitFor("document.getElementById('elapsed').textContent", toBe: "0:12"))

        // The page's Mark button (its prompt answered): a POST with the token in its header.
        _ = try browser.evaluate("window.prompt = () => 'marked in the browser'; mark(); true")
        #expect(try browser.waitFor("document.getElementById('marked').textContent", toBe: "marked"))
        #expect(session.markersSet.map(\.label) == ["marked in the browser"])
        // … and the marker came back to the page by the stream.
        #expect(try browser.waitFor("[...document.querySelectorAll('#markers li')].map(l => l.textContent).join('|')",
                                    toBe: "12.5 s — marked in the browser"))

        // The same page without the token shows only the refusal.
        try browser.navigate(to: "http://127.0.0.1:\(listening.port)/")
        #expect(try browser.waitFor("document.body.innerText.startsWith('This live page needs its access token') ? 'refused' : ''", toBe: "refused"))
    }
}
