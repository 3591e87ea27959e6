import NIOCore

/// `http:` in the configuration file:
///
///     http:
///       allowedHosts: [radbridge.hospital.org, "10.1.2.3:8080"]   # besides its own address and loopback
///       idleTimeout: 60s                                         # an idle connection is closed after it
///       requestBodyTimeout: 60s                                  # a request must arrive whole within it, else 408
public struct HTTPSettings: Sendable, Decodable, Equatable {
    /// Names the HTTP API answers to besides the listener's own host, `localhost`, `127.0.0.1` and
    /// `[::1]` (with the listener's port or none): `name` (any port) or `name:port`.
    public var allowedHosts: [String] = []
    /// Seconds a connection may stay idle (no request being read or answered) before it is closed.
    public var idleTimeout: Int64 = 60
    /// A request whose head and body have not all arrived this long after its head is answered
    /// 408 (a problem document) and its connection closed: a body dribbled in does not hold a
    /// connection for ever. `500ms`, `30s`, `5m`, or seconds; at most a day.
    public var requestBodyTimeout: TimeAmount = .seconds(60)

    public init() {}

    private enum CodingKeys: String, CodingKey { case allowedHosts, idleTimeout, requestBodyTimeout }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        allowedHosts = try c.decodeIfPresent([String].self, forKey: .allowedHosts) ?? []
        if let text = try c.decodeIfPresent(String.self, forKey: .idleTimeout) {
            guard let seconds = WorkflowSettings.seconds(text), seconds <= 86_400 else {
                throw ConfigurationError.invalidValue("http.idleTimeout '\(text)' is not a duration like 30s or 5m (at most 1d)")
            }
            idleTimeout = seconds
        }
        if c.contains(.requestBodyTimeout) {
            let text = try (try? c.decode(String.self, forKey: .requestBodyTimeout)) ?? String(c.decode(Double.self, forKey: .requestBodyTimeout))
            guard let amount = MLLPSettings.parseDuration(text) else {
                throw ConfigurationError.invalidValue("http.requestBodyTimeout '\(text)' is not a duration like 500ms, 30s or 5m (at most 1d)")
            }
            requestBodyTimeout = amount
        }
        for name in allowedHosts where HostAuthority(name) == nil {
            throw ConfigurationError.invalidValue("http.allowedHosts: '\(name)' is not a host name or host:port")
        }
    }

    private enum BlockKey: String, CodingKey { case http }

    /// The `http:` block of the file being decoded, or the defaults.
    static func decode(from decoder: any Decoder) throws -> HTTPSettings {
        try decoder.container(keyedBy: BlockKey.self).decodeIfPresent(HTTPSettings.self, forKey: .http) ?? HTTPSettings()
    }
}
