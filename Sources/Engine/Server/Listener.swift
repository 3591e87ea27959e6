import NIOCore

/// A socket the engine opened, reported once it accepts connections.
public struct Listener: Sendable, CustomStringConvertible {
    public var kind: String
    public var address: SocketAddress

    public var description: String {
        "\(kind) listening on \(address.ipAddress ?? "?"):\(address.port ?? 0)"
    }
}
