import NIOCore

/// Where and how an MLLP listener accepts connections.
public struct MLLPServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var maximumFrameLength: Int
    /// A connection that sends nothing for this long is closed.
    public var idleTimeout: TimeAmount
    public var backlog: Int32

    public init(host: String = "127.0.0.1", port: Int = 2575,
                maximumFrameLength: Int = MLLPFrameDecoder.defaultMaximumFrameLength,
                idleTimeout: TimeAmount = .seconds(300), backlog: Int32 = 1024) {
        self.host = host
        self.port = port
        self.maximumFrameLength = maximumFrameLength
        self.idleTimeout = idleTimeout
        self.backlog = backlog
    }
}
