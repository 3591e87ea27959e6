/// A Host header or an Origin's authority: a lower-cased host name, IPv4 address or bracketed IPv6
/// address, and the port when one is written.
struct HostAuthority: Equatable, Sendable {
    var host: String
    var port: Int?

    /// Nil for anything that is not `host`, `host:port`, `[v6]` or `[v6]:port`.
    init?(_ text: String) {
        var rest = Substring(text.lowercased())
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[...close])
            rest = rest[rest.index(after: close)...]
            guard host.count > 2, host.dropFirst().dropLast().allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            let end = rest.firstIndex(of: ":") ?? rest.endIndex
            host = String(rest[..<end])
            rest = rest[end...]
            if host.hasSuffix(".") { host.removeLast() }
            let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-._")
            guard !host.isEmpty, host.allSatisfy({ allowed.contains($0) }) else { return nil }
        }
        if rest.isEmpty {
            port = nil
        } else {
            let digits = rest.dropFirst()
            guard rest.first == ":", !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = Int(digits), number <= 65535 else { return nil }
            port = number
        }
    }

    init(host: String, port: Int?) {
        self.host = host
        self.port = port
    }

    /// `http://host[:port]` or `https://…` of an Origin header; nil for `null` and other schemes.
    init?(origin: String) {
        let lowered = origin.lowercased()
        guard let scheme = ["http://", "https://"].first(where: { lowered.hasPrefix($0) }) else { return nil }
        let authority = lowered.dropFirst(scheme.count)
        guard !authority.contains("/"), !authority.contains("@") else { return nil }
        self.init(String(authority))
    }
}
