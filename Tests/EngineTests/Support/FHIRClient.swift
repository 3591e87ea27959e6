import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport

/// An HTTP client for the engine's `/fhir` endpoints that keeps every FHIR resource the server
/// returned, so a test can validate all of them with `fhir.resources` at the end.
final class FHIRClient: @unchecked Sendable {
    struct Reply {
        let status: Int
        let headers: [String: String]
        let data: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
        var contentType: String { headers["content-type"] ?? "" }
        /// The match entries' resources of a searchset Bundle.
        var matches: [[String: Any]] {
            ((json["entry"] as? [[String: Any]]) ?? []).filter { (($0["search"] as? [String: Any])?["mode"] as? String) == "match" }
                .compactMap { $0["resource"] as? [String: Any] }
        }
        /// The OperationOutcome's diagnostics, joined.
        var diagnostics: String {
            ((json["issue"] as? [[String: Any]]) ?? []).compactMap { $0["diagnostics"] as? String }.joined(separator: "; ")
        }
    }

    let port: Int
    private let lock = NSLock()
    private var returned: [Data] = []

    init(port: Int) { self.port = port }

    func request(_ method: String, _ path: String, json: Any? = nil, body: Data? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/fhir+json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = body }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields[String(describing: key).lowercased()] = String(describing: value) }
        let reply = Reply(status: http.statusCode, headers: fields, data: data)
        if reply.contentType.hasPrefix("application/fhir+json") {
            lock.withLock { returned.append(data) }
        }
        return reply
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await request("GET", path, headers: headers)
    }

    /// Validates every resource returned so far; returns how many.
    @discardableResult
    func validateAll() async throws -> Int {
        let documents = lock.withLock { returned }
        try await FHIRValidator.validate(documents)
        return documents.count
    }
}
