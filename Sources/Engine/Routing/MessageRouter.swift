/// Picks the destinations of an accepted message from the configured routes.
struct MessageRouter: Sendable {
    private struct CompiledRoute: Sendable {
        var type: WildcardPattern?
        var sendingApplication: WildcardPattern?
        var sendingFacility: WildcardPattern?
        var destinations: [String]
    }

    private let routes: [CompiledRoute]

    init(_ routes: [RouteConfiguration]) {
        self.routes = routes.map { route in
            CompiledRoute(type: route.match.type.map(WildcardPattern.init),
                          sendingApplication: route.match.sendingApplication.map(WildcardPattern.init),
                          sendingFacility: route.match.sendingFacility.map(WildcardPattern.init),
                          destinations: route.to)
        }
    }

    /// Destinations of every matching route, each once, in the order routes name them.
    func destinations(messageType: String, sendingApplication: String, sendingFacility: String) -> [String] {
        guard !routes.isEmpty else { return [] }
        // "ADT^A04^ADT_A01" is matched as "ADT^A04": routes name the event, not the structure.
        let event = messageType.split(separator: "^", maxSplits: 2, omittingEmptySubsequences: false)
            .prefix(2).joined(separator: "^")
        var result: [String] = []
        for route in routes {
            if let type = route.type, !type.matches(event), !type.matches(messageType) { continue }
            if let app = route.sendingApplication, !app.matches(sendingApplication) { continue }
            if let facility = route.sendingFacility, !facility.matches(sendingFacility) { continue }
            for name in route.destinations where !result.contains(name) { result.append(name) }
        }
        return result
    }
}
