import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// An MLLP listener: each connection is read frame by frame, each frame answered by the delegate in order.
/// At most `maximumConnections` are open at once, at most `maximumConnectionsPerPeer` from one
/// address; the bounds are in ``MLLPServerConfiguration``.
public final class MLLPServer: Sendable {
    /// An accepted connection (kept in ``MLLPConnectionRegistry`` until served), or nil for one refused
    /// (already closed) because every place was taken. Only its identifier travels through the
    /// listening channel: an `NIOAsyncChannel` dropped there unconsumed, when the listener closes as
    /// a connection is being accepted, would trap.
    private typealias Connection = ObjectIdentifier?

    public let localAddress: SocketAddress
    private let channel: NIOAsyncChannel<Connection, Never>
    private let delegate: any MLLPServerDelegate
    private let logger: Logger
    private let gate: MLLPConnectionGate
    private let connections: MLLPConnectionRegistry

    private init(channel: NIOAsyncChannel<Connection, Never>, gate: MLLPConnectionGate, connections: MLLPConnectionRegistry,
                 delegate: any MLLPServerDelegate, logger: Logger) {
        self.channel = channel
        self.connections = connections
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
        let connections = MLLPConnectionRegistry()
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
                    let accepted = try connections.accept(child) {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                    }
                    if accepted == nil { child.close(promise: nil) }
                    return accepted
                }
            }
        return MLLPServer(channel: channel, gate: gate, connections: connections, delegate: delegate, logger: logger)
    }

    /// Accepts connections until the task is cancelled, or ``close()`` or ``shutdownGracefully()`` is
    /// called; then returns once every connection has closed.
    public func run() async throws {
        try await channel.executeThenClose { accepted in
            try await withThrowingDiscardingTaskGroup { group in
                do {
                    for try await id in accepted {
                        guard let id, let connection = connections.take(id) else { continue }
                        group.addTask { await self.serve(connection) }
                    }
                } catch {
                    for connection in connections.stopAccepting() { group.addTask { await self.serve(connection) } }
                    throw error
                }
                // Accepted while the listener closed, never handed out: closed by serve (draining) or read.
                for connection in connections.stopAccepting() { group.addTask { await self.serve(connection) } }
            }
        }
    }

    /// Stops accepting connections; connections already open end when their task is cancelled.
    public func close() async {
        try? await channel.channel.close()
    }

    /// Graceful shutdown: stops accepting connections and closes every idle one at once; a connection
    /// whose frame the delegate is answering gets its reply written, then closes without reading
    /// another. Frames received but not yet handed to the delegate are dropped unanswered (the sender
    /// sends them again). ``run()`` returns once every connection has closed.
    public func shutdownGracefully() {
        channel.channel.close(promise: nil)
        for idle in connections.drain() { idle.close(promise: nil) }
    }

    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let peer = connection.channel.remoteAddress.peerDescription
        let id = ObjectIdentifier(connection.channel)
        guard connections.register(id, connection.channel) else {
            // Accepted while the listener was shutting down.
            try? await connection.executeThenClose { _, _ in }
            return
        }
        defer { connections.remove(id) }
        do {
            try await connection.executeThenClose { inbound, outbound in
                do {
                    for try await buffer in inbound {
                        guard connections.begin(id) else { break }
                        let frame = MLLPInboundFrame(payload: Array(buffer.readableBytesView), peer: peer,
                                                     receivedAt: Date())
                        if let reply = await delegate.reply(to: frame) {
                            try await outbound.write(ByteBuffer(bytes: reply))
                        }
                        guard connections.end(id) else { break }
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
