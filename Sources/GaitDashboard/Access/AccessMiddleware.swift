import GaitCore
import Hummingbird

/// Puts `DashboardAccess` in front of every route (and of the not-found answer), so no handler
/// runs for a refused request.
struct AccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let access: DashboardAccess
    /// The port the server listens on, known once it is bound (`DashboardServer.start`).
    let port: Locked<Int?>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let origins = request.headers[values: .origin]
        // HTTP/1's first Host becomes the authority; a second one stays among the fields. Two
        // Host headers are ambiguous (a proxy and the server may read different ones): refused.
        let secondHost = request.headers.contains { $0.name.canonicalName == "host" }
        let host = secondHost ? nil : request.head.authority
        let credentials = DashboardAccess.Credentials(
            host: host,
            // Several Origin headers never equal one origin: refused as foreign.
            origin: origins.isEmpty ? nil : origins.joined(separator: ", "),
            authorization: request.headers[.authorization],
            tokenParameter: request.uri.queryParameters.get("token"))
        if let refusal = access.check(credentials, port: port.withLock { $0 }) {
            var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"]
            if refusal.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
            return Response(status: .init(code: refusal.status), headers: headers,
                            body: .init(byteBuffer: ByteBuffer(string: refusal.message)))
        }
        return try await next(request, context)
    }
}
