import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An MLLP sender on a plain socket, for the engine benchmark's load: a write and a read per
/// message, as cheap for the two shared cores as a load generator gets (a sender on another
/// machine would cost them nothing), instead of the event-loop and task hops of the NIO client.
/// Used blocking, one thread per sender, or by one thread that polls every sender's socket.
final class SocketMLLPSender {
    let descriptor: Int32
    private var pending: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw BenchmarkError.io("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw BenchmarkError.io("connect: errno \(errno)")
        }
    }

    deinit { close(descriptor) }

    /// Sends one framed payload and returns the payload of the reply frame.
    func send(_ payload: [UInt8]) throws -> [UInt8] {
        try write(payload)
        while true {
            if let reply = try readOnce() { return reply }
        }
    }

    /// Writes one framed payload.
    func write(_ payload: [UInt8]) throws {
        var frame = [UInt8]()
        frame.reserveCapacity(payload.count + 3)
        frame.append(0x0B)
        frame += payload
        frame += [0x1C, 0x0D]
        var written = 0
        while written < frame.count {
            let n = frame.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, frame.count - written) }
            guard n > 0 else { throw BenchmarkError.io("write: errno \(errno)") }
            written += n
        }
    }

    /// The next reply frame's payload if one is complete, after at most one read (which blocks
    /// when nothing has arrived).
    func readOnce() throws -> [UInt8]? {
        if let reply = takeReply() { return reply }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard n > 0 else { throw BenchmarkError.io("read: \(n == 0 ? "closed" : "errno \(errno)")") }
        pending += buffer[0..<n]
        return takeReply()
    }

    private func takeReply() -> [UInt8]? {
        guard let end = frameEnd() else { return nil }
        let reply = Array(pending[1..<end])
        pending.removeFirst(end + 2)
        return reply
    }

    /// Index of the 0x1C that ends the first complete frame in `pending`.
    private func frameEnd() -> Int? {
        guard pending.first == 0x0B, pending.count >= 3 else { return nil }
        for index in 1..<(pending.count - 1) where pending[index] == 0x1C && pending[index + 1] == 0x0D {
            return index
        }
        return nil
    }
}
