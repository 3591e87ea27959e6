import NIOCore

extension Optional where Wrapped == SocketAddress {
    /// `ip:port` for logs and the journal.
    var peerDescription: String {
        guard let address = self, let ip = address.ipAddress, let port = address.port else { return "unknown" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
