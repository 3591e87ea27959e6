import NIOCore
import NIOSSL

/// Where and how an MLLP listener accepts connections.
public struct MLLPServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var maximumFrameLength: Int
    /// A connection that sends nothing for this long is closed.
    public var idleTimeout: TimeAmount
    public var backlog: Int32
    /// When set, connections speak TLS (see ``MLLPTLS``).
    public var tls: NIOSSLContext?

    public init(host: String = "127.0.0.1", port: Int = 2575,
                maximumFrameLength: Int = MLLPFrameDecoder.defaultMaximumFrameLength,
                idleTimeout: TimeAmount = .seconds(300), backlog: Int32 = 1024, tls: NIOSSLContext? = nil) {
        self.host = host
        self.port = port
        self.maximumFrameLength = maximumFrameLength
        self.idleTimeout = idleTimeout
        self.backlog = backlog
        self.tls = tls
    }
}
