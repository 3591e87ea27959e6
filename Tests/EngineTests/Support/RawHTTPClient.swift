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
            guard let socket = try? HTTPSocket(port: port) else { return nil }
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

/// A blocking TCP connection to 127.0.0.1 (used off the concurrency pool, like ``RawSocket``).
final class HTTPSocket: @unchecked Sendable {
    private let descriptor: Int32

    init(port: Int, receiveTimeout seconds: Int = 10) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { close(descriptor); throw PeerError.noOutput("connect failed") }
    }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Everything until the peer closes, or what came before the receive timeout.
    func readToEnd() -> (bytes: [UInt8], closedByPeer: Bool) {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(descriptor, &buffer, buffer.count, 0)
            if n == 0 { return (data, true) }
            if n < 0 { return (data, false) }
            data += buffer[0..<n]
        }
    }

    func closeSocket() { close(descriptor) }
}
