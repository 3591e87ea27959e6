import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 request whose body is written piece by piece as a source makes it (never held
/// whole), on a blocking socket of a thread of its own. The server may answer before the body is
/// all sent (a 413): writing stops then and the answer is read (by its Content-Length: the
/// connection is kept alive, so that the server reads on rather than resetting it, which could
/// lose the answer). `disconnectAfter` closes the connection once that many body bytes are out,
/// without reading an answer.
struct StreamingHTTPClient: Sendable {
    let port: Int

    /// The body, a piece at a time; nil when it is all out. Called on the client's thread only.
    final class Source: @unchecked Sendable {
        let next: () -> [UInt8]?
        init(_ next: @escaping () -> [UInt8]?) { self.next = next }

        /// The pieces given, in order (for small bodies split at chosen places).
        convenience init(pieces: [[UInt8]]) {
            var index = 0
            self.init {
                defer { index += 1 }
                return index < pieces.count ? pieces[index] : nil
            }
        }
    }

    struct Outcome: Sendable {
        /// nil when the connection was closed on purpose (`disconnectAfter`) or no answer came.
        var answer: RawHTTPClient.Answer?
        /// Body bytes written before the answer came (or the connection was closed).
        var sent: Int
    }

    /// `contentLength` nil: chunked. `pause` between pieces lets each arrive as a read of its own.
    func post(_ path: String, contentType: String, contentLength: Int?, body: Source, pause: TimeInterval = 0,
              disconnectAfter: Int? = nil, timeout: Int = 120) async throws -> Outcome {
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: \(contentType)\r\n"
        head += contentLength.map { "Content-Length: \($0)\r\n" } ?? "Transfer-Encoding: chunked\r\n"
        head += "\r\n"
        let port = self.port, requestHead = Array(head.utf8)
        let chunked = contentLength == nil
        let outcome = await RawSocket.offPool { () -> Outcome? in
            let socket = Self.connect(port, timeout: timeout)
            guard socket >= 0 else { return nil }
            defer { close(socket) }
            guard Self.write(socket, requestHead) else { return nil }
            var sent = 0
            var answered = false
            while let piece = body.next() {
                if Self.readable(socket) { answered = true; break }
                var framed = piece
                if chunked, !piece.isEmpty { framed = Array(String(piece.count, radix: 16).utf8) + [13, 10] + piece + [13, 10] }
                if let limit = disconnectAfter, sent + piece.count >= limit {
                    _ = Self.write(socket, Array(framed.prefix(framed.count - (sent + piece.count - limit))))
                    return Outcome(answer: nil, sent: limit)
                }
                if !Self.write(socket, framed) { break }
                sent += piece.count
                if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            }
            if chunked, !answered { _ = Self.write(socket, Array("0\r\n\r\n".utf8)) }
            return Outcome(answer: try? RawHTTPClient.parse(Self.readAnswer(socket)), sent: sent)
        }
        guard let outcome else { throw PeerError.noOutput("no connection to HTTP port \(port)") }
        return outcome
    }

    private static func connect(_ port: Int, timeout: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(descriptor); return -1 }
        return descriptor
    }

    private static func write(_ socket: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Whether the server has written (or closed) without waiting.
    private static func readable(_ socket: Int32) -> Bool {
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// One answer: its head, then its Content-Length of body (or chunks up to the last), or up to the close.
    private static func readAnswer(_ socket: Int32) -> [UInt8] {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let end = data.firstRange(of: [13, 10, 13, 10])?.upperBound {
                let head = String(decoding: data[..<end], as: UTF8.self).lowercased()
                if let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                   let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
                   data.count >= end + length { return data }
                if head.contains("transfer-encoding: chunked"), data[end...].firstRange(of: Array("\r\n0\r\n\r\n".utf8)) != nil
                    || data[end...].starts(with: Array("0\r\n\r\n".utf8)) { return data }
            }
            let n = recv(socket, &buffer, buffer.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return data }
            data += buffer[0..<n]
        }
    }
}
