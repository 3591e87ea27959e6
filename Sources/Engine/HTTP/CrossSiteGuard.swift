import FHIR
import Hummingbird

/// Refuses what a web page on another site could make a browser send: a Host or Origin that is
/// not one of the listener's names (421 and 403), and an `/api` body that is not JSON (415, a
/// form or `text/plain` post needs no CORS preflight). `/healthz` answers any Host.
struct CrossSiteGuard<Context: RequestContext>: RouterMiddleware {
    let hosts: AllowedHosts

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path != "/healthz" else { return try await next(request, context) }
        guard let text = request.head.authority, let host = HostAuthority(text), hosts.allows(host, defaultPort: nil) else {
            let shown = request.head.authority.map { "'\($0.prefix(100))'" } ?? "no Host header"
            return refuse(path, .misdirectedRequest, "Host not allowed",
                          "the request names \(shown); this server answers to its own address, localhost and http.allowedHosts")
        }
        if let origin = request.headers[.origin] {
            let authority = HostAuthority(origin: origin)
            let defaultPort = origin.lowercased().hasPrefix("https:") ? 443 : 80
            guard let authority, hosts.allows(authority, defaultPort: defaultPort) else {
                return refuse(path, .forbidden, "Cross-site request refused",
                              "requests from origin '\(origin.prefix(100))' are not allowed; add its host to http.allowedHosts")
            }
        }
        if path.hasPrefix("/api/"), Self.hasBody(request) {
            let type = MultipartRelated.mediaType(request.headers[.contentType] ?? "").type
            guard type == "application/json" else {
                return refuse(path, .unsupportedMediaType, "Unsupported media type",
                              "request bodies under /api must be application/json, not '\(type.prefix(100))'")
            }
        }
        return try await next(request, context)
    }

    static func isFHIR(_ path: String) -> Bool { path == "/fhir" || path.hasPrefix("/fhir/") }

    static func hasBody(_ request: Request) -> Bool {
        if request.headers[.transferEncoding] != nil { return true }
        return request.headers[.contentLength].map { $0.trimmingCharacters(in: .whitespaces) != "0" } ?? false
    }

    private func refuse(_ path: String, _ status: HTTPResponse.Status, _ title: String, _ detail: String) -> Response {
        if Self.isFHIR(path) {
            let code = status == .unsupportedMediaType ? "not-supported" : "security"
            return FHIRResponse.make(FHIRError(Int(status.code), code, detail))
        }
        return ProblemDocument(status, title, detail: detail).httpResponse
    }
}
