import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A page in headless Chromium, driven over the DevTools protocol: navigate, then evaluate
/// JavaScript in it. The protocol runs over a WebSocket, spoken here by a minimal client of the
/// tests' own (text frames only; RFC 6455), so the tests need nothing but Chromium.
final class DevToolsPage {
    private let browser = Process()
    private let profile: URL
    private let socket: Int32
    private var received: [UInt8] = []
    private var nextID = 0

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts Chromium (Debian's `chromium`; `.ci/run` installs it) on a blank page.
    init() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: FileManager.default.isExecutableFile) else {
            throw Failure(description: "chromium is not installed: `apt-get install -y chromium` (.ci/run does)")
        }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("gait-devtools-\(UUID().uuidString)")
        browser.executableURL = URL(fileURLWithPath: chromium)
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start. Port 0: any
        // free one, written to DevToolsActivePort in the profile.
        browser.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--disable-extensions", "--disable-background-networking", "--user-data-dir=\(profile.path)",
                             "--remote-debugging-port=0", "about:blank"]
        browser.standardOutput = FileHandle.nullDevice
        browser.standardError = FileHandle.nullDevice
        try browser.run()
        var port: Int?
        let deadline = Date().addingTimeInterval(30)
        while port == nil && Date() < deadline {
            usleep(100_000)
            let text = try? String(contentsOf: profile.appendingPathComponent("DevToolsActivePort"), encoding: .utf8)
            port = text?.split(separator: "\n").first.flatMap { Int($0) }
        }
        guard let port else {
            browser.terminate()
            throw Failure(description: "Chromium did not open its DevTools port within 30 s")
        }
        let list = try RawHTTP.send(port: port, path: "/json/list", headers: [("Host", "127.0.0.1:\(port)")], timeoutS: 10)
        let targets = (try? JSONSerialization.jsonObject(with: Data(list.body.utf8))) as? [[String: Any]] ?? []
        guard let page = targets.first(where: { $0["type"] as? String == "page" }),
              let address = (page["webSocketDebuggerUrl"] as? String).flatMap(URL.init(string:)) else {
            browser.terminate()
            throw Failure(description: "no page among Chromium's DevTools targets: \(list.body)")
        }
        socket = try Self.openWebSocket(port: port, path: address.path)
    }

    deinit {
        close(socket)
        browser.terminate()
        browser.waitUntilExit()
        try? FileManager.default.removeItem(at: profile)
    }

    func navigate(to url: String) throws {
        _ = try call("Page.navigate", ["url": url])
    }

    /// The value of `expression` (awaited when it is a promise), as JSON gives it back.
    func evaluate(_ expression: String) throws -> Any? {
        let reply = try call("Runtime.evaluate", ["expression": expression, "awaitPromise": true, "returnByValue": true])
        return ((reply["result"] as? [String: Any])?["result"] as? [String: Any])?["value"]
    }

    /// Evaluates `expression` every 0.1 s until it gives `expected` or `timeoutS` passes.
    func waitFor(_ expression: String, toBe expected: String, timeoutS: Double = 10) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeoutS)
        while Date() < deadline {
            if try evaluate(expression) as? String == expected { return true }
            usleep(100_000)
        }
        return false
    }

    // MARK: the DevTools protocol over a WebSocket

    private func call(_ method: String, _ parameters: [String: Any]) throws -> [String: Any] {
        nextID += 1
        let message = try JSONSerialization.data(withJSONObject: ["id": nextID, "method": method, "params": parameters])
        try sendFrame(Array(message))
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let text = try readMessage(deadline: deadline)
            if let reply = (try? JSONSerialization.jsonObject(with: Data(text))) as? [String: Any], reply["id"] as? Int == nextID {
                if let error = reply["error"] { throw Failure(description: "\(method): \(error)") }
                return reply
            }
        }
        throw Failure(description: "\(method): no answer within 20 s")
    }

    private static func openWebSocket(port: Int, path: String) throws -> Int32 {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else { throw Failure(description: "cannot connect to DevTools on port \(port): errno \(errno)") }
        let handshake = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        _ = handshake.withCString { write(fd, $0, strlen($0)) }
        // The 101 answer, up to its blank line, byte by byte so no frame is read with it.
        var head: [UInt8] = []
        var byte: UInt8 = 0
        while !head.suffix(4).elementsEqual([13, 10, 13, 10]) {
            guard read(fd, &byte, 1) == 1 else { throw Failure(description: "DevTools closed the WebSocket handshake") }
            head.append(byte)
        }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw Failure(description: "DevTools refused the WebSocket: \(String(decoding: head, as: UTF8.self))")
        }
        return fd
    }

    /// One text frame, masked as a client's must be.
    private func sendFrame(_ payload: [UInt8]) throws {
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        var sent = 0
        while sent < frame.count {
            let count = frame[sent...].withUnsafeBytes { write(socket, $0.baseAddress!, $0.count) }
            guard count > 0 else { throw Failure(description: "DevTools WebSocket write failed: errno \(errno)") }
            sent += count
        }
    }

    /// The next whole message (fragments joined; control frames skipped).
    private func readMessage(deadline: Date) throws -> [UInt8] {
        var message: [UInt8] = []
        while true {
            let (final, opcode, payload) = try readFrame(deadline: deadline)
            if opcode >= 0x8 { continue }  // close, ping, pong: not part of a message
            message += payload
            if final { return message }
        }
    }

    private func readFrame(deadline: Date) throws -> (final: Bool, opcode: UInt8, payload: [UInt8]) {
        try fill(2, deadline: deadline)
        var length = Int(received[1] & 0x7F), header = 2
        if length == 126 {
            try fill(4, deadline: deadline)
            length = Int(received[2]) << 8 | Int(received[3])
            header = 4
        } else if length == 127 {
            try fill(10, deadline: deadline)
            length = received[2..<10].reduce(0) { $0 << 8 | Int($1) }
            header = 10
        }
        try fill(header + length, deadline: deadline)
        let frame = (final: received[0] & 0x80 != 0, opcode: received[0] & 0x0F, payload: Array(received[header..<(header + length)]))
        received.removeFirst(header + length)
        return frame
    }

    private func fill(_ count: Int, deadline: Date) throws {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while received.count < count {
            guard Date() < deadline else { throw Failure(description: "DevTools sent nothing within the time allowed") }
            var ready = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 100) > 0 else { continue }
            let got = read(socket, &buffer, buffer.count)
            guard got > 0 else { throw Failure(description: "DevTools closed the WebSocket") }
            received += buffer[0..<got]
        }
    }
}
