/// Sends messages that match to the listed destinations.
public struct RouteConfiguration: Sendable, Decodable, Equatable {
    public var match: RouteMatch
    public var to: [String]

    public init(match: RouteMatch, to: [String]) {
        self.match = match
        self.to = to
    }

    private enum CodingKeys: String, CodingKey { case match, to }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(match: try c.decodeIfPresent(RouteMatch.self, forKey: .match) ?? RouteMatch(),
                  to: try c.decode([String].self, forKey: .to))
    }
}
