import Foundation

/// The address the live page listens on (`gait record --dashboard-address`), and the host names a
/// browser may use to reach it there.
///
/// Only IP literals are accepted: a host name could resolve to other addresses later, and the
/// check of the `Host` header (DNS-rebinding protection) needs to know what the page is reached as.
public struct DashboardAddress: Sendable, Equatable, CustomStringConvertible {
    /// E.g. `127.0.0.1`, `0.0.0.0`, `192.168.1.20`, `::1`; an IPv6 address in its shortest
    /// spelling (`0:0::1` is `::1`), the one a browser puts in `Host`.
    public let literal: String
    let family: Family

    enum Family: Sendable { case ipv4, ipv6 }

    public static let loopback = DashboardAddress(literalIPv4: "127.0.0.1")

    private init(literalIPv4: String) {
        literal = literalIPv4
        family = .ipv4
    }

    /// Nil when `text` is not an IPv4 or IPv6 address.
    public init?(_ text: String) {
        var ipv4 = in_addr(), ipv6 = in6_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 {
            family = .ipv4
            literal = text
        } else if inet_pton(AF_INET6, text, &ipv6) == 1 {
            family = .ipv6
            var shortest = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &ipv6, &shortest, socklen_t(shortest.count)) != nil else { return nil }
            literal = String(cString: shortest)
        } else {
            return nil
        }
    }

    public var description: String { literal }

    /// 127.0.0.0/8 or ::1: only programs on this machine can connect, so no token is needed.
    public var isLoopback: Bool {
        switch family {
        case .ipv4: return literal.split(separator: ".").first == "127"
        case .ipv6: return Self.canonicalIPv6(literal) == Self.canonicalIPv6("::1")
        }
    }

    /// 0.0.0.0 or ::: every interface of the machine.
    public var isWildcard: Bool {
        switch family {
        case .ipv4: return literal == "0.0.0.0"
        case .ipv6: return Self.canonicalIPv6(literal) == Self.canonicalIPv6("::")
        }
    }

    /// How the address is written in a URL or a `Host` header: IPv6 in brackets.
    static func urlHost(_ address: String) -> String {
        address.contains(":") ? "[\(address)]" : address
    }

    /// The host names (URL form, lower case, without port) under which a browser reaches the page:
    /// the address itself and `localhost` on a loopback address; on a wildcard address every
    /// interface's address and the machine's host name as well.
    func acceptedHosts() -> Set<String> {
        var hosts: Set<String> = [Self.urlHost(literal).lowercased()]
        if isLoopback || isWildcard { hosts.insert("localhost") }
        if isWildcard {
            for address in Self.interfaceAddresses() { hosts.insert(Self.urlHost(address).lowercased()) }
            hosts.insert(ProcessInfo.processInfo.hostName.lowercased())
        }
        return hosts
    }

    /// The address to print in the page's URL: the address itself, or for a wildcard address
    /// the first interface address that is not loopback (the one another computer can use).
    func addressToShow() -> String {
        guard isWildcard else { return literal }
        // Link-local IPv6 addresses carry a zone ("fe80::1%eth0"), which inet_pton refuses: left out.
        let shareable = Self.interfaceAddresses().filter { DashboardAddress($0).map { !$0.isLoopback } ?? false }
        return shareable.first { !$0.contains(":") } ?? shareable.first ?? literal
    }

    /// The IPv4 and IPv6 addresses of the machine's interfaces, as text.
    static func interfaceAddresses() -> [String] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var addresses: [String] = []
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let address = entry.pointee.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            if getnameinfo(address, length, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST) == 0 {
                addresses.append(String(cString: text))
            }
        }
        return addresses
    }

    /// One spelling of an IPv6 address (`0:0::1` and `::1` are the same address).
    static func canonicalIPv6(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: address) { Array($0) }
    }
}
