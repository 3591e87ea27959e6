import MLLP
import NIOCore

/// `mllp:`: the bounds of the MLLP listener. A key left out keeps the listener's default
/// (``MLLPServerConfiguration``: 512 connections, 64 from one address, 300 s idle, 30 s per frame, 16 MiB frames).
///
///     mllp:
///       maxConnections: 512      # one more is closed as soon as it is accepted
///       maxConnectionsPerPeer: 64  # the same, for the connections from one IP address
///       idleTimeout: 300s        # closed when no complete frame arrived for this long (bytes do not count)
///       frameTimeout: 30s        # a frame that has begun must end within this, or the connection is closed
///       maxFrameBytes: 16777216  # a longer frame is answered AR (ERR names the limit), then closed
public struct MLLPSettings: Sendable, Decodable, Equatable {
    public var maxConnections: Int?
    public var maxConnectionsPerPeer: Int?
    /// Durations like `300s`, `5m`, `500ms`, or seconds.
    public var idleTimeout: TimeAmount?
    public var frameTimeout: TimeAmount?
    public var maxFrameBytes: Int?

    public init() {}

    private enum CodingKeys: String, CodingKey { case maxConnections, maxConnectionsPerPeer, idleTimeout, frameTimeout, maxFrameBytes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxConnections = try Self.positive(c.decodeIfPresent(Int.self, forKey: .maxConnections), "maxConnections")
        maxConnectionsPerPeer = try Self.positive(c.decodeIfPresent(Int.self, forKey: .maxConnectionsPerPeer), "maxConnectionsPerPeer")
        maxFrameBytes = try Self.positive(c.decodeIfPresent(Int.self, forKey: .maxFrameBytes), "maxFrameBytes")
        idleTimeout = try Self.duration(c, .idleTimeout)
        frameTimeout = try Self.duration(c, .frameTimeout)
    }

    /// The listener configuration with the keys that are set.
    public func applied(to server: MLLPServerConfiguration) -> MLLPServerConfiguration {
        var server = server
        if let maxConnections { server.maximumConnections = maxConnections }
        if let maxConnectionsPerPeer { server.maximumConnectionsPerPeer = maxConnectionsPerPeer }
        if let idleTimeout { server.idleTimeout = idleTimeout }
        if let frameTimeout { server.frameTimeout = frameTimeout }
        if let maxFrameBytes { server.maximumFrameLength = maxFrameBytes }
        return server
    }

    private static func positive(_ value: Int?, _ key: String) throws -> Int? {
        guard let value else { return nil }
        guard value > 0 else { throw ConfigurationError.invalidValue("mllp.\(key) must be positive") }
        return value
    }

    private static func duration(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> TimeAmount? {
        guard c.contains(key) else { return nil }
        let text = try (try? c.decode(String.self, forKey: key)) ?? String(c.decode(Double.self, forKey: key))
        guard let amount = parseDuration(text) else {
            throw ConfigurationError.invalidValue("mllp.\(key.rawValue) '\(text)' is not a duration like 500ms, 30s, 5m or 1h")
        }
        return amount
    }

    /// `500ms`, `30s`, `5m`, `1h` or plain seconds; at most a day, so that no product overflows.
    static func parseDuration(_ text: String) -> TimeAmount? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let unit = units.first { text.hasSuffix($0.suffix) && Double(text.dropLast($0.suffix.count)) != nil }
        guard let value = Double(unit.map { String(text.dropLast($0.suffix.count)) } ?? text) else { return nil }
        let seconds = value * (unit?.seconds ?? 1)
        guard seconds.isFinite, seconds > 0, seconds <= 86_400 else { return nil }
        return .nanoseconds(Int64(seconds * 1e9))
    }
}
