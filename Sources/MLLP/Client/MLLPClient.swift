import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// One MLLP connection to a peer: send a payload, await the reply frame.
public final class MLLPClient: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    public static func connect(host: String, port: Int,
                               group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                               connectTimeout: TimeAmount = .seconds(10),
                               maximumFrameLength: Int = MLLPFrameDecoder.defaultMaximumFrameLength,
                               tls: NIOSSLContext? = nil,
                               logger: Logger = Logger(label: "radbridge.mllp.client")) async throws -> MLLPClient {
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if let tls {
                            // SNI and hostname checks take names; an IP address is checked against the certificate's IP entries.
                            let name = host.isIPAddress ? nil : host
                            try pipeline.addHandler(NIOSSLClientHandler(context: tls, serverHostname: name))
                        }
                        try pipeline.addHandler(ByteToMessageHandler(
                            MLLPFrameDecoder(maximumFrameLength: maximumFrameLength, logger: logger)))
                        try pipeline.addHandler(MessageToByteHandler(MLLPFrameEncoder()))
                        try pipeline.addHandler(MLLPRequestHandler())
                    }
                }
                .connect(host: host, port: port).get()
            return MLLPClient(channel: channel)
        } catch {
            throw MLLPError.connectFailed("\(host):\(port): \(error)")
        }
    }

    /// Sends one payload and returns the payload of the next reply frame.
    public func send(_ payload: [UInt8], timeout: TimeAmount = .seconds(30)) async throws -> [UInt8] {
        let reply = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let request = MLLPRequest(payload: ByteBuffer(bytes: payload), reply: reply, timeout: timeout)
        let written = channel.eventLoop.makePromise(of: Void.self)
        // A write that never reaches the handler (channel already closed) must still end the wait;
        // a promise completed twice keeps its first result.
        written.futureResult.whenFailure { _ in reply.fail(MLLPError.connectionClosed) }
        channel.writeAndFlush(request, promise: written)
        let buffer = try await reply.futureResult.get()
        return Array(buffer.readableBytesView)
    }

    public var isActive: Bool { channel.isActive }

    public func close() async {
        try? await channel.close()
    }
}
