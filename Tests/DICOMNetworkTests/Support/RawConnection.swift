import DICOMNetwork
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A TCP connection a test keeps open while it writes raw bytes and watches what comes back,
/// as a hostile peer would (RawClient sends and waits for the close in one call).
final class RawConnection: Sendable {
    private let channel: any Channel
    private let closed = NIOLockedValueBox(false)

    static func open(port: Int) async throws -> RawConnection {
        let collector = RawClient.Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let connection = RawConnection(channel: channel, collector: collector)
        channel.closeFuture.whenComplete { _ in connection.closed.withLockedValue { $0 = true } }
        return connection
    }

    private init(channel: any Channel, collector: RawClient.Collector) {
        self.channel = channel
        self.collectorBox = collector
    }

    private let collectorBox: RawClient.Collector

    /// False once the server has closed (or the write failed because it had).
    @discardableResult
    func send(_ bytes: [UInt8]) async -> Bool {
        do { try await channel.writeAndFlush(ByteBuffer(bytes: bytes)); return true } catch { return false }
    }

    var received: [UInt8] { collectorBox.received.withLockedValue { $0 } }
    var isClosed: Bool { closed.withLockedValue { $0 } }

    /// The PDUs received so far (a partial trailing PDU is left out).
    var pdus: [PDU] {
        let bytes = received
        var result: [PDU] = [], start = 0
        while bytes.count - start >= 6 {
            let length = Int(bytes[start + 2]) << 24 | Int(bytes[start + 3]) << 16 | Int(bytes[start + 4]) << 8 | Int(bytes[start + 5])
            guard bytes.count - start >= 6 + length, let pdu = try? PDUParser.parse(Array(bytes[start..<(start + 6 + length)])) else { break }
            result.append(pdu)
            start += 6 + length
        }
        return result
    }

    /// Waits until `condition` holds or `timeout` passes; returns whether it held.
    func wait(for timeout: Duration, until condition: (RawConnection) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(self)
    }

    func close() async { try? await channel.close() }
}
