import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the live page showed, read from the DOM Chromium dumped (the `data-` attributes of its
/// stride and sensor rows, the markers list).
struct DashboardDOM {
    struct Stride {
        var side: String
        var index: Int
        var ic: Double
        var measures: [String: Double]
        var asReportStride: [String: Any] {
            var stride: [String: Any] = ["side": side, "index": index, "ic": ic]
            for (key, value) in measures { stride[key] = value }
            return stride
        }
    }

    struct Sensor {
        var placement: String
        var connected: Bool
    }

    var strides: [Stride] = []
    var sensors: [Sensor] = []
    var markers: [String] = []
    var flaggedCells = 0

    init(_ dom: String) throws {
        for row in Self.tags("tr", in: dom) {
            let attributes = Self.attributes(row)
            if attributes["class"] == "stride", let side = attributes["data-side"], let index = attributes["data-index"].flatMap({ Int($0) }),
               let ic = attributes["data-ic"].flatMap({ Double($0) }) {
                var measures: [String: Double] = [:]
                for (attribute, key) in [("data-pelvic-drop-deg", "pelvicDropDeg"), ("data-knee-valgus-deg", "kneeValgusDeg"),
                                         ("data-pronation-deg", "pronationDeg")] {
                    if let value = attributes[attribute].flatMap({ Double($0) }) { measures[key] = value }
                }
                strides.append(Stride(side: side, index: index, ic: ic, measures: measures))
            } else if attributes["class"]?.hasPrefix("sensor") == true, let placement = attributes["data-placement"] {
                sensors.append(Sensor(placement: placement, connected: attributes["data-connected"] == "true"))
            }
        }
        markers = dom.components(separatedBy: "<li class=\"marker\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
        flaggedCells = dom.components(separatedBy: "class=\"flag\"").count - 1
        if !dom.contains("gait — live session") { throw LiveTestFailure("not the live page: \(dom.prefix(300))") }
    }

    /// The opening tags `<name …>` of an element.
    static func tags(_ name: String, in html: String) -> [Substring] {
        html.components(separatedBy: "<\(name) ").dropFirst().map { $0.prefix { $0 != ">" } }
    }

    static func attributes(_ tag: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = tag[...]
        while let equals = rest.range(of: "=\"") {
            let name = rest[..<equals.lowerBound].trimmingCharacters(in: .whitespaces)
            let afterQuote = rest[equals.upperBound...]
            guard let close = afterQuote.firstIndex(of: "\"") else { break }
            result[name] = String(afterQuote[..<close])
            rest = afterQuote[afterQuote.index(after: close)...]
        }
        return result
    }
}

/// Headless Chromium (Debian's `chromium`; `.ci/run` installs it), with a profile of its own.
enum Chromium {
    static func executable() throws -> URL {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return URL(fileURLWithPath: "\(folder)/\(name)")
            }
        }
        throw LiveTestFailure("chromium is not on PATH: install it with `apt-get install -y chromium` (.ci/run does)")
    }

    /// Loads `page` and returns the DOM at its load event: the page's script has then drawn
    /// everything the page carried (the session so far).
    static func dumpDOM(_ page: URL) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("gait-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = try executable()
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--disable-extensions", "--disable-background-networking", "--user-data-dir=\(profile.path)",
                             "--dump-dom", page.absoluteString]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Reads a server-sent-event stream over a plain socket until `until` says so or `timeoutS` passes.
func readEventStream(host: String = "127.0.0.1", port: Int, path: String, timeoutS: Double, until: (String) -> Bool) throws -> String {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socket >= 0 else { throw LiveTestFailure("socket: \(errno)") }
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr(host)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw LiveTestFailure("connect to \(port): \(errno)") }
    let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nAccept: text/event-stream\r\n\r\n"
    _ = request.withCString { write(socket, $0, strlen($0)) }
    var received = Data()
    let deadline = Date().addingTimeInterval(timeoutS)
    var buffer = [UInt8](repeating: 0, count: 65536)
    while Date() < deadline {
        var ready = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard poll(&ready, 1, 200) > 0 else { continue }
        let got = read(socket, &buffer, buffer.count)
        if got <= 0 { break }
        received.append(contentsOf: buffer[0..<got])
        if until(String(decoding: received, as: UTF8.self)) { break }
    }
    return String(decoding: received, as: UTF8.self)
}
