import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HTTP/1.1 over a plain socket, with exactly the headers a test writes (URLSession would set Host
/// and Content-Type itself): one request per connection, the answer read until the server closes.
struct RawHTTPClient: Sendable {
    let port: Int

    struct Answer: Sendable {
        let status: Int
        /// Lower-cased names.
        let headers: [String: String]
        let body: [UInt8]

        var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:] }
        var jsonArray: [Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [Any] }
        var contentType: String { headers["content-type"] ?? "" }
    }

    /// `host`: the Host header, nil to leave it out; `headers` are written as given.
    func send(_ method: String, _ path: String, host: String? = "default", headers: [(String, String)] = [],
              body: [UInt8]? = nil) async throws -> Answer {
        var head = "\(method) \(path) HTTP/1.1\r\n"
        if let host { head += "Host: \(host == "default" ? "127.0.0.1:\(port)" : host)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let chunked = headers.contains { $0.0.lowercased() == "transfer-encoding" }
        if let body, !chunked { head += "Content-Length: \(body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        let request = Array(head.utf8) + (body ?? [])
        let port = self.port
        let raw = await RawSocket.offPool { () -> [UInt8]? in
            guard let socket = try? RawSocket(port: port) else { return nil }
            defer { socket.closeSocket() }
            socket.write(request)
            return socket.readToEnd().bytes
        }
        guard let raw else { throw PeerError.noOutput("no connection to HTTP port \(port)") }
        return try Self.parse(raw)
    }

    static func parse(_ raw: [UInt8]) throws -> Answer {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, raw.count - 3)).first(where: { Array(raw[$0..<($0 + 4)]) == separator }) else {
            throw PeerError.noOutput("no HTTP answer: \(String(decoding: raw.prefix(200), as: UTF8.self))")
        }
        let lines = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw PeerError.noOutput("bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(raw[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Answer(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], at = 0
        while at < bytes.count {
            guard let lineEnd = (at..<max(at, bytes.count - 1)).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                  let size = Int(String(decoding: bytes[at..<lineEnd], as: UTF8.self).split(separator: ";").first ?? "", radix: 16),
                  size > 0, lineEnd + 2 + size <= bytes.count else { break }
            out += bytes[(lineEnd + 2)..<(lineEnd + 2 + size)]
            at = lineEnd + 2 + size + 2
        }
        return out
    }
}
