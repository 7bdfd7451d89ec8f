import Foundation
import GaitAnalysis
import Testing
@testable import GaitDashboard

/// The live page's access rules, each request a real one over a socket to a running
/// `DashboardServer` (the same server `gait record --dashboard` starts, with a session of the
/// tests' own behind the `DashboardSession` seam).
@Suite("live page access", .serialized)
struct DashboardAccessTests {
    /// A running server with something private in its feed, stopped at the end of `body`.
    func serving(on address: DashboardAddress, _ body: (DashboardServer.Listening, ScriptedSession) async throws -> Void) async throws {
        let session = ScriptedSession()
        let server = DashboardServer(session: session, thresholds: .defaults)
        server.feed.record(event: "marker", json: #"{"label":"Ana Ruiz: shoe change","t":3}"#)
        let listening = try await offThePool { try server.start(address: address, port: 0) }
        do {
            try await body(listening, session)
        } catch {
            _ = try? await offThePool { server.stop() }
            throw error
        }
        _ = try await offThePool { server.stop() }
    }

    static let privateText = "Ana Ruiz"

    // MARK: off loopback: the token

    @Test func offLoopbackEveryPathNeedsTheToken() async throws {
        try await serving(on: DashboardAddress("0.0.0.0")!) { listening, session in
            let token = try #require(listening.token)
            #expect(token.count == 64 && token.allSatisfy(\.isHexDigit), "256 bits in hex: \(token)")
            #expect(listening.pageURL.hasSuffix(":\(listening.port)/?token=\(token)"), "\(listening.pageURL)")
            let host = ("Host", "127.0.0.1:\(listening.port)")
            let wrong = String(token.reversed())

            for path in ["/", "/events", "/?token=\(wrong)", "/events?after=0&token=\(wrong)", "/?token=", "/nowhere"] {
                let reply = try await RawHTTP.request(port: listening.port, path: path, headers: [host])
                #expect(reply.status == 401, "\(path): \(reply.status)")
                #expect(reply.body.contains("access token") && !reply.body.contains(Self.privateText), "\(path): \(reply.body)")
                #expect(reply.headers["www-authenticate"] == "Bearer")
            }
            let wrongBearer = try await RawHTTP.request(port: listening.port, path: "/", headers: [host, ("Authorization", "Bearer \(wrong)")])
            #expect(wrongBearer.status == 401)
            let unmarked = try await RawHTTP.request(port: listening.port, method: "POST", path: "/markers", headers: [host], body: "cue")
            #expect(unmarked.status == 401)
            let wronglyMarked = try await RawHTTP.request(port: listening.port, method: "POST", path: "/markers?token=\(wrong)", headers: [host], body: "cue")
            #expect(wronglyMarked.status == 401)
            #expect(session.markersSet.isEmpty, "a refused request reached the session")

            // With the token: the page (which passes it on), the stream, a marker.
            let page = try await RawHTTP.request(port: listening.port, path: "/?token=\(token)", headers: [host])
            #expect(page.status == 200 && page.body.contains(Self.privateText))
            #expect(page.body.contains("const token = \"\(token)\";"))
            #expect(page.headers["referrer-policy"] == "no-referrer")
            let byHeader = try await RawHTTP.request(port: listening.port, path: "/", headers: [host, ("Authorization", "Bearer \(token)")])
            #expect(byHeader.status == 200)
            let stream = try await RawHTTP.request(port: listening.port, path: "/events?after=0&token=\(token)", headers: [host]) {
                $0.contains("event: marker")
            }
            #expect(stream.status == 200 && stream.headers["content-type"] == "text/event-stream" && stream.body.contains(Self.privateText))
            let marked = try await RawHTTP.request(port: listening.port, method: "POST", path: "/markers",
                                          headers: [host, ("Origin", "http://127.0.0.1:\(listening.port)"), ("Authorization", "Bearer \(token)")],
                                          body: "shoe change")
            #expect(marked.status == 201)
            #expect(session.markersSet.map(\.label) == ["shoe change"])
        }
    }

    @Test func eachRunHasANewToken() async throws {
        var tokens: Set<String> = []
        for _ in 0..<2 {
            try await serving(on: DashboardAddress("0.0.0.0")!) { listening, _ in tokens.insert(try #require(listening.token)) }
        }
        #expect(tokens.count == 2)
    }

    // MARK: loopback: no token, Host and Origin still checked

    @Test func loopbackServesWithoutAToken() async throws {
        try await serving(on: .loopback) { listening, session in
            #expect(listening.token == nil && listening.pageURL == "http://127.0.0.1:\(listening.port)/")
            for host in ["127.0.0.1:\(listening.port)", "localhost:\(listening.port)", "LOCALHOST:\(listening.port)"] {
                let page = try await RawHTTP.request(port: listening.port, path: "/", headers: [("Host", host)])
                #expect(page.status == 200 && page.body.contains("const token = null;"), "\(host)")
            }
            let marked = try await RawHTTP.request(port: listening.port, method: "POST", path: "/markers",
                                          headers: [("Host", "localhost:\(listening.port)"), ("Origin", "http://localhost:\(listening.port)")],
                                          body: "cue")
            #expect(marked.status == 201)
            #expect(session.markersSet.count == 1)
        }
    }

    @Test func aForeignOriginCannotPostMarkers() async throws {
        try await serving(on: .loopback) { listening, session in
            let host = ("Host", "127.0.0.1:\(listening.port)")
            // Another web site's script, another port of this machine, a sandboxed frame, the
            // page's own origin given twice: all foreign.
            for origins in [["https://evil.example"], ["http://127.0.0.1:\(listening.port + 1)"], ["null"],
                            ["http://localhost:\(listening.port)"],
                            ["http://127.0.0.1:\(listening.port)", "http://127.0.0.1:\(listening.port)"]] {
                let reply = try await RawHTTP.request(port: listening.port, method: "POST", path: "/markers",
                                             headers: [host] + origins.map { ("Origin", $0) }, body: "injected")
                #expect(reply.status == 403, "\(origins): \(reply.status)")
                #expect(reply.body.contains("another web page") && !reply.body.contains(Self.privateText))
            }
            let read = try await RawHTTP.request(port: listening.port, path: "/events", headers: [host, ("Origin", "https://evil.example")])
            #expect(read.status == 403)
            #expect(session.markersSet.isEmpty, "a refused request reached the session")
        }
        // Off loopback the Origin is checked even with the right token.
        try await serving(on: DashboardAddress("0.0.0.0")!) { listening, session in
            let reply = try await RawHTTP.request(port: listening.port, method: "POST", path: "/markers?token=\(listening.token!)",
                                         headers: [("Host", "127.0.0.1:\(listening.port)"), ("Origin", "https://evil.example")], body: "x")
            #expect(reply.status == 403)
            #expect(session.markersSet.isEmpty)
        }
    }

    @Test func aWrongHostIsRefused() async throws {
        try await serving(on: .loopback) { listening, session in
            // A rebound DNS name, the right name on another port, no port, two Host headers, none.
            let cases: [[(String, String)]] = [[("Host", "evil.example:\(listening.port)")], [("Host", "127.0.0.1:\(listening.port + 1)")],
                                               [("Host", "127.0.0.1")],
                                               [("Host", "127.0.0.1:\(listening.port)"), ("Host", "evil.example:\(listening.port)")], []]
            for headers in cases {
                for (method, path) in [("GET", "/"), ("GET", "/events"), ("POST", "/markers")] {
                    let reply = try await RawHTTP.request(port: listening.port, method: method, path: path, headers: headers, body: "x")
                    // An HTTP/1.1 request without Host is malformed: the HTTP layer may refuse it (400) before us.
                    #expect(reply.status == 421 || (headers.isEmpty && reply.status == 400), "\(headers) \(path): \(reply.status)")
                    #expect(!reply.body.contains(Self.privateText))
                }
            }
            #expect(session.markersSet.isEmpty)
        }
    }

    // MARK: the rules themselves

    @Test func constantTimeComparisonIsEquality() {
        let token = Array("0123456789abcdef".utf8)
        #expect(ConstantTimeComparison.equal(token, token))
        #expect(!ConstantTimeComparison.equal(Array("0123456789abcdeF".utf8), token), "last byte")
        #expect(!ConstantTimeComparison.equal(Array("1123456789abcdef".utf8), token), "first byte")
        #expect(!ConstantTimeComparison.equal(Array("0123456789abcde".utf8), token), "shorter")
        #expect(!ConstantTimeComparison.equal(Array("0123456789abcdef0".utf8), token), "longer")
        #expect(!ConstantTimeComparison.equal([], token))
        #expect(ConstantTimeComparison.equal([UInt8](), [UInt8]()))
        // Every single-bit difference anywhere is seen.
        for index in token.indices {
            for bit in 0..<8 {
                var flipped = token
                flipped[index] ^= 1 << bit
                #expect(!ConstantTimeComparison.equal(flipped, token))
            }
        }
    }

    @Test func addressesAndHosts() {
        #expect(DashboardAddress("127.0.0.1")?.isLoopback == true && DashboardAddress("127.8.0.1")?.isLoopback == true)
        #expect(DashboardAddress("::1")?.isLoopback == true && DashboardAddress("0:0::1")?.isLoopback == true)
        #expect(DashboardAddress("0.0.0.0")?.isLoopback == false && DashboardAddress("192.168.1.20")?.isLoopback == false)
        #expect(DashboardAddress("::")?.isWildcard == true && DashboardAddress("0.0.0.0")?.isWildcard == true)
        #expect(DashboardAddress("localhost") == nil && DashboardAddress("evil.example") == nil && DashboardAddress("") == nil)
        #expect(DashboardAddress("999.1.1.1") == nil)

        let ipv6 = DashboardAccess(address: DashboardAddress("::1")!, token: nil)
        #expect(ipv6.check(.init(host: "[::1]:8765"), port: 8765) == nil)
        #expect(ipv6.check(.init(host: "[::1]:8765", origin: "http://[::1]:8765"), port: 8765) == nil)
        #expect(ipv6.check(.init(host: "::1:8765"), port: 8765)?.status == 421)
        // Written longhand, the address is still the one a browser names in its shortest form.
        #expect(DashboardAddress("0:0:0:0:0:0:0:1")?.literal == "::1")
        #expect(DashboardAccess(address: DashboardAddress("0:0::1")!, token: nil).check(.init(host: "[::1]:8765"), port: 8765) == nil)

        let lan = DashboardAccess(address: DashboardAddress("192.168.1.20")!, token: "ab")
        #expect(lan.check(.init(host: "192.168.1.20:8765", tokenParameter: "ab"), port: 8765) == nil)
        #expect(lan.check(.init(host: "localhost:8765", tokenParameter: "ab"), port: 8765)?.status == 421, "not the bound address")
        #expect(lan.check(.init(host: "192.168.1.20:8765", authorization: "bearer ab"), port: 8765) == nil, "the scheme is case-insensitive")
        #expect(lan.check(.init(host: "192.168.1.20:8765", authorization: "Basic ab"), port: 8765)?.status == 401)
        #expect(lan.check(.init(host: "192.168.1.20:8765", tokenParameter: "ab"), port: nil)?.status == 503, "before the port is known")

        let port80 = DashboardAccess(address: .loopback, token: nil)
        #expect(port80.check(.init(host: "127.0.0.1"), port: 80) == nil, "a browser leaves out port 80")
    }
}
