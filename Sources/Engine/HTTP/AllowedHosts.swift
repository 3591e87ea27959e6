import Foundation

/// The names the HTTP listener answers to: its own host and the loopback names (a port, when
/// given, must be the listener's), and `http.allowedHosts`. A page on another site that reaches the listener through DNS
/// rebinding sends its own name as Host; a cross-site request sends its Origin.
final class AllowedHosts: @unchecked Sendable {
    static let loopback = ["localhost", "127.0.0.1", "[::1]"]

    private let configured: [HostAuthority]
    private let names: Set<String>
    private let lock = NSLock()
    /// The bound port, known once the listener runs (the configured one may be 0).
    private var port: Int?

    init(listener: EndpointAddress, configured: [String]) {
        self.configured = configured.compactMap { HostAuthority($0) }
        var names = Set(Self.loopback)
        let own = listener.host.contains(":") && !listener.host.hasPrefix("[") ? "[\(listener.host)]" : listener.host
        // A wildcard address is not a name a client uses.
        if let name = HostAuthority(own)?.host, !["0.0.0.0", "[::]"].contains(name) { names.insert(name) }
        self.names = names
        if listener.port != 0 { port = listener.port }
    }

    func listening(on port: Int) {
        lock.withLock { self.port = port }
    }

    /// `defaultPort` stands for a port the authority leaves out; nil lets a Host without a port
    /// match any port (clients such as urllib3 leave it out, and a page that reaches the listener
    /// through another name sends that name, whatever the port).
    func allows(_ authority: HostAuthority, defaultPort: Int?) -> Bool {
        let port = authority.port ?? defaultPort
        if configured.contains(where: { $0.host == authority.host && ($0.port == nil || port == nil || $0.port == port) }) { return true }
        guard names.contains(authority.host) else { return false }
        guard let port else { return true }
        return port == lock.withLock({ self.port })
    }
}
