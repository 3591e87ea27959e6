import Foundation
import Yams

/// The `--config` file: destinations and the routes to them.
public struct EngineConfiguration: Sendable, Decodable, Equatable {
    public var destinations: [String: DestinationConfiguration]
    public var routes: [RouteConfiguration]

    public init(destinations: [String: DestinationConfiguration] = [:], routes: [RouteConfiguration] = []) {
        self.destinations = destinations
        self.routes = routes
    }

    private enum CodingKeys: String, CodingKey { case destinations, routes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(destinations: try c.decodeIfPresent([String: DestinationConfiguration].self,
                                                      forKey: .destinations) ?? [:],
                  routes: try c.decodeIfPresent([RouteConfiguration].self, forKey: .routes) ?? [])
    }

    public init(yaml: String) throws {
        guard try Yams.compose(yaml: yaml) != nil else {  // an empty file, or only comments
            self.init()
            return
        }
        let decoded: EngineConfiguration
        do {
            decoded = try YAMLDecoder().decode(EngineConfiguration.self, from: yaml)
        } catch let DecodingError.dataCorrupted(context) {
            if let underlying = context.underlyingError as? ConfigurationError { throw underlying }
            throw DecodingError.dataCorrupted(context)
        }
        try decoded.validate()
        self = decoded
    }

    public init(contentsOf url: URL) throws {
        try self.init(yaml: try String(contentsOf: url, encoding: .utf8))
    }

    public func validate() throws {
        for (index, route) in routes.enumerated() {
            for name in route.to where destinations[name] == nil {
                throw ConfigurationError.unknownDestination(route: index, name: name)
            }
        }
        for (name, destination) in destinations {
            guard destination.ackTimeout > 0, destination.backoff.initial > 0,
                  destination.backoff.max >= destination.backoff.initial, destination.aeRetries >= 0
            else { throw ConfigurationError.invalidValue("destination '\(name)': timeouts and retries must be positive") }
        }
    }
}
