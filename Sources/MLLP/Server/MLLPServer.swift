import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// An MLLP listener: each connection is read frame by frame, each frame answered by the delegate in order.
/// At most `maximumConnections` are open at once, at most `maximumConnectionsPerPeer` from one
/// address; the bounds are in ``MLLPServerConfiguration``.
public final class MLLPServer: Sendable {
    /// An accepted connection, or nil for one refused (already closed) because every place was taken.
    private typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>?

    public let localAddress: SocketAddress
    private let channel: NIOAsyncChannel<Connection, Never>
    private let delegate: any MLLPServerDelegate
    private let logger: Logger
    private let gate: MLLPConnectionGate

    private init(channel: NIOAsyncChannel<Connection, Never>, gate: MLLPConnectionGate,
                 delegate: any MLLPServerDelegate, logger: Logger) {
        self.channel = channel
        self.localAddress = channel.channel.localAddress!
        self.gate = gate
        self.delegate = delegate
        self.logger = logger
    }

    /// Connections open now.
    public var openConnections: Int { gate.openConnections }

    /// Opens the listening socket. Call ``run()`` to accept connections.
    public static func bind(_ configuration: MLLPServerConfiguration,
                            group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            delegate: any MLLPServerDelegate,
                            logger: Logger = Logger(label: "radbridge.mllp")) async throws -> MLLPServer {
        let gate = MLLPConnectionGate(limit: configuration.maximumConnections, perPeerLimit: configuration.maximumConnectionsPerPeer)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: configuration.backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .bind(host: configuration.host, port: configuration.port) { child -> EventLoopFuture<Connection> in
                let address = child.remoteAddress?.ipAddress ?? "unknown"
                if let refusal = gate.admit(peer: address) {
                    if let refused = gate.refusalsToLog() {
                        let why = refusal == .listenerFull ? "\(gate.limit) connections already open"
                            : "\(gate.perPeerLimit) connections already open from this address"
                        logger.warning("MLLP refused \(refused) connection(s): \(why)",
                                       metadata: ["peer": "\(child.remoteAddress.peerDescription)"])
                    }
                    child.close(promise: nil)
                    return child.eventLoop.makeSucceededFuture(nil)
                }
                child.closeFuture.whenComplete { _ in gate.release(peer: address) }
                return child.eventLoop.makeCompletedFuture {
                    let pipeline = child.pipeline.syncOperations
                    if let tls = configuration.tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
                    try pipeline.addHandler(ByteToMessageHandler(
                        MLLPFrameDecoder(maximumFrameLength: configuration.maximumFrameLength, logger: logger)))
                    try pipeline.addHandler(MLLPConnectionTimer(idleTimeout: configuration.idleTimeout,
                                                                frameTimeout: configuration.frameTimeout, logger: logger))
                    try pipeline.addHandler(MessageToByteHandler(MLLPFrameEncoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        return MLLPServer(channel: channel, gate: gate, delegate: delegate, logger: logger)
    }

    /// Accepts connections until the task is cancelled or ``close()`` is called.
    public func run() async throws {
        try await channel.executeThenClose { connections in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in connections {
                    guard let connection else { continue }
                    group.addTask { await self.serve(connection) }
                }
            }
        }
    }

    /// Stops accepting connections; connections already open end when their task is cancelled.
    public func close() async {
        try? await channel.channel.close()
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let peer = connection.channel.remoteAddress.peerDescription
        do {
            try await connection.executeThenClose { inbound, outbound in
                do {
                    for try await buffer in inbound {
                        let frame = MLLPInboundFrame(payload: Array(buffer.readableBytesView), peer: peer,
                                                     receivedAt: Date())
                        if let reply = await delegate.reply(to: frame) {
                            try await outbound.write(ByteBuffer(bytes: reply))
                        }
                    }
                } catch let error as MLLPError {
                    logger.warning("MLLP closing connection: \(error)", metadata: ["peer": "\(peer)"])
                    if let reply = await delegate.replyToFramingError(error, peer: peer) {
                        try await outbound.write(ByteBuffer(bytes: reply))
                    }
                }
            }
        } catch {
            logger.debug("MLLP connection ended: \(error)", metadata: ["peer": "\(peer)"])
        }
    }
}
