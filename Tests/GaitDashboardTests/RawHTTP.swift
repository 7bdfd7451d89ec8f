import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 exchange over a plain TCP socket, with exactly the headers given (URLSession
/// would write its own Host and refuse some others): what a browser or an attacker's script
/// could send.
struct RawHTTP {
    struct Reply {
        var status: Int
        /// Header names in lower case.
        var headers: [String: String]
        var body: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `send`, with the calling task suspended (not blocking a cooperative thread) meanwhile.
    static func request(port: Int, method: String = "GET", path: String, headers: [(String, String)], body: String = "",
                        timeoutS: Double = 10, enough: @escaping @Sendable (String) -> Bool = { _ in false }) async throws -> Reply {
        try await offThePool { try send(port: port, method: method, path: path, headers: headers, body: body, timeoutS: timeoutS, enough: enough) }
    }

    /// Sends the request to 127.0.0.1:`port` and reads the reply until the server closes the
    /// connection, `enough` says so, or `timeoutS` passes (an event stream never closes).
    static func send(port: Int, method: String = "GET", path: String, headers: [(String, String)], body: String = "",
                     timeoutS: Double = 10, enough: (String) -> Bool = { _ in false }) throws -> Reply {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect to 127.0.0.1:\(port): errno \(errno)") }
        var lines = ["\(method) \(path) HTTP/1.1"] + headers.map { "\($0.0): \($0.1)" } + ["Connection: close"]
        if method != "GET" { lines.append("Content-Length: \(body.utf8.count)") }
        let request = Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + body).utf8)
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes { write(socket, $0.baseAddress!, $0.count) }
            guard count > 0 else { throw Failure(description: "write: errno \(errno)") }
            sent += count
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(timeoutS)
        while Date() < deadline {
            var ready = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&ready, 1, 100) > 0 else { continue }
            let count = read(socket, &buffer, buffer.count)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
            if enough(String(decoding: received, as: UTF8.self)) { break }
        }
        return try parse(String(decoding: received, as: UTF8.self))
    }

    private static func parse(_ text: String) throws -> Reply {
        guard let end = text.range(of: "\r\n\r\n") else { throw Failure(description: "no complete reply head in \(text.debugDescription)") }
        let head = text[..<end.lowerBound].components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(head[0])") }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Reply(status: status, headers: headers, body: String(text[end.upperBound...]))
    }
}
