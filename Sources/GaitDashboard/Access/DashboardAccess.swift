import Foundation

/// Who may use the live page, decided per request before any route sees it:
///
/// 1. `Host` must name the page as it is served, with its port — the bound address (or, on a
///    loopback or wildcard address, `localhost`; on a wildcard address, any of the machine's
///    addresses or its host name). A web site that re-points its own name at this machine (DNS
///    rebinding) sends its own name and is refused: 421.
/// 2. An `Origin`, when the browser sends one, must be the page's own, `http://` + that `Host`:
///    another site's script cannot post markers or read the stream (CSRF): 403.
/// 3. Off loopback, the access token (`?token=` or `Authorization: Bearer`), compared in constant
///    time: 401 without it or with another. On loopback only this machine's programs can connect,
///    and there is no token.
///
/// Refusals carry a short plain message and none of the session's data.
struct DashboardAccess: Sendable {
    let address: DashboardAddress
    /// Nil on a loopback address.
    let token: String?
    /// Lower-case host names without port (`DashboardAddress.acceptedHosts`).
    let acceptedHosts: Set<String>

    init(address: DashboardAddress, token: String?) {
        self.address = address
        self.token = token
        acceptedHosts = address.acceptedHosts()
    }

    struct Refusal: Sendable, Equatable {
        var status: Int
        var message: String
    }

    /// What a request carries that matters here; header values nil when absent.
    struct Credentials: Sendable {
        var host: String?
        var origin: String? = nil
        var authorization: String? = nil
        var tokenParameter: String? = nil
    }

    /// Nil when the request may go on; the refusal otherwise. `port`: where the server listens
    /// (nil before it is known: everything is refused, nothing is served by mistake).
    func check(_ request: Credentials, port: Int?) -> Refusal? {
        guard let port else { return Refusal(status: 503, message: "The live page is starting; try again in a moment.\n") }
        guard let host = request.host?.lowercased(), isAccepted(host: host, port: port) else {
            return Refusal(status: 421, message: """
                Refused: this request names the host \(request.host.map { "\"\($0)\"" } ?? "(none)"), not this live page \
                (\(DashboardAddress.urlHost(address.addressToShow())):\(port)). Open the page by the address gait record printed.\n
                """)
        }
        if let origin = request.origin, origin.lowercased() != "http://" + host {
            return Refusal(status: 403, message: """
                Refused: the request comes from another web page (Origin \(origin)); the live page answers only its own page, \
                http://\(host). Use the page gait record printed.\n
                """)
        }
        if let token, !(presented(request).map { ConstantTimeComparison.equal(Array($0.utf8), Array(token.utf8)) } ?? false) {
            return Refusal(status: 401, message: """
                This live page needs its access token: open the whole address gait record printed (…/?token=…), \
                or send the token as "Authorization: Bearer TOKEN".\n
                """)
        }
        return nil
    }

    /// `HOST:PORT` with an accepted host; a browser leaves out port 80.
    private func isAccepted(host: String, port: Int) -> Bool {
        let suffix = ":\(port)"
        if host.hasSuffix(suffix) { return acceptedHosts.contains(String(host.dropLast(suffix.count))) }
        return port == 80 && acceptedHosts.contains(host)
    }

    /// The token the request carries: the `Authorization: Bearer` header's, else the query's.
    private func presented(_ request: Credentials) -> String? {
        if let authorization = request.authorization {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return parts[1].trimmingCharacters(in: .whitespaces) }
        }
        return request.tokenParameter
    }
}
