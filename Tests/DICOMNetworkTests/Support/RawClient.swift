import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Sends raw bytes to a server and collects what comes back until the server closes or time runs out.
enum RawClient {
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let received = NIOLockedValueBox<[UInt8]>([])

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            received.withLockedValue { $0 += bytes }
        }
    }

    struct Result {
        let bytes: [UInt8]
        let closedByServer: Bool
    }

    static func exchange(port: Int, send chunks: [[UInt8]], waitSeconds: Int64 = 20) async throws -> Result {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        for chunk in chunks {
            // The server may already have aborted and closed: that is an answer, not a test error.
            try? await channel.writeAndFlush(ByteBuffer(bytes: chunk))
        }
        let closed = channel.eventLoop.makePromise(of: Bool.self)
        channel.closeFuture.whenComplete { _ in closed.succeed(true) }
        let timer = channel.eventLoop.scheduleTask(in: .seconds(waitSeconds)) { closed.succeed(false) }
        let closedByServer = try await closed.futureResult.get()
        timer.cancel()
        try? await channel.close()
        return Result(bytes: collector.received.withLockedValue { $0 }, closedByServer: closedByServer)
    }

    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}
