import NIOCore
import NIOSSL

/// Where and how an MLLP listener accepts connections, and the bounds it holds them to.
public struct MLLPServerConfiguration: Sendable {
    public static let defaultMaximumConnections = 512
    public static let defaultMaximumConnectionsPerPeer = 64

    public var host: String
    public var port: Int
    /// A frame whose payload is longer is answered with a NAK and its connection closed.
    public var maximumFrameLength: Int
    /// A connection over which no complete frame arrived for this long is closed (bytes do not count).
    public var idleTimeout: TimeAmount
    /// A frame that has begun must end within this time, or its connection is closed.
    public var frameTimeout: TimeAmount
    /// Connections open at once; one more is closed as soon as it is accepted.
    public var maximumConnections: Int
    /// Connections open at once from one IP address; one more from it is closed as soon as it is
    /// accepted, while other addresses are still admitted.
    public var maximumConnectionsPerPeer: Int
    public var backlog: Int32
    /// When set, connections speak TLS (see ``MLLPTLS``).
    public var tls: NIOSSLContext?

    public init(host: String = "127.0.0.1", port: Int = 2575,
                maximumFrameLength: Int = MLLPFrameDecoder.defaultMaximumFrameLength,
                idleTimeout: TimeAmount = .seconds(300), frameTimeout: TimeAmount = .seconds(30),
                maximumConnections: Int = MLLPServerConfiguration.defaultMaximumConnections,
                backlog: Int32 = 1024, tls: NIOSSLContext? = nil,
                maximumConnectionsPerPeer: Int = MLLPServerConfiguration.defaultMaximumConnectionsPerPeer) {
        self.host = host
        self.port = port
        self.maximumFrameLength = maximumFrameLength
        self.idleTimeout = idleTimeout
        self.frameTimeout = frameTimeout
        self.maximumConnections = maximumConnections
        self.maximumConnectionsPerPeer = maximumConnectionsPerPeer
        self.backlog = backlog
        self.tls = tls
    }
}
