import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking TCP socket for writing arbitrary bytes at a listener; used off the concurrency pool.
final class RawSocket: @unchecked Sendable {
    private let descriptor: Int32

    /// `source`: the local IPv4 address to connect from (any of 127.0.0.0/8 reaches the loopback listener).
    init(port: Int, receiveTimeout seconds: Int = 10, from source: String? = nil) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            local.sin_addr.s_addr = inet_addr(source)
            let bound = withUnsafePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { close(descriptor); throw PeerError.noOutput("bind to \(source) failed") }
        }
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
            let n = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Reads until a whole MLLP frame or end of stream; nil on end of stream without a frame.
    func readFrame() -> String? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(descriptor, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            data += buffer[0..<n]
            if let start = data.firstIndex(of: 0x0B), let end = data.lastIndex(of: 0x1C), end > start {
                return String(decoding: data[(start + 1)..<end], as: UTF8.self)
            }
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

    /// True once the peer has closed the connection.
    func isClosedByPeer() -> Bool {
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, 0) == 0
    }

    /// True when bytes from the peer are waiting to be read, without waiting or reading them.
    func hasInput() -> Bool {
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) > 0
    }

    /// True when the peer has closed (or reset) the connection, without waiting.
    func isClosedNow() -> Bool {
        var byte: UInt8 = 0
        let n = recv(descriptor, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Writes `bytes` one at a time, `interval` apart, until the peer closes; returns the seconds it
    /// took to be closed, or nil when every byte went out and the connection is still open.
    func dribble(_ bytes: [UInt8], every interval: TimeInterval) -> TimeInterval? {
        let started = Date()
        for byte in bytes {
            if isClosedNow() { return Date().timeIntervalSince(started) }
            if send(descriptor, [byte], 1, Int32(MSG_NOSIGNAL)) <= 0 { return Date().timeIntervalSince(started) }
            Thread.sleep(forTimeInterval: interval)
        }
        return isClosedNow() ? Date().timeIntervalSince(started) : nil
    }

    func closeSocket() { close(descriptor) }

    /// Runs blocking socket work on a thread of its own.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: body()) }.start()
        }
    }
}

/// A bound and immediately released port number for a server started by a test.
final class RawSocketListener {
    private let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(descriptor, pointer, length) == 0 else { return -1 }
                return getsockname(descriptor, pointer, &length)
            }
        }
        guard bound == 0 else {
            Glibc.close(descriptor)
            throw PeerError.noOutput("bind failed")
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(descriptor) }
}
