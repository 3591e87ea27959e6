/// Which inbound messages a route takes; every given criterion must match (`*` and `?` are wildcards).
public struct RouteMatch: Sendable, Decodable, Equatable {
    /// Message code and trigger, e.g. `ADT^*` or `ORU^R01`.
    public var type: String?
    public var sendingApplication: String?
    public var sendingFacility: String?

    public init(type: String? = nil, sendingApplication: String? = nil, sendingFacility: String? = nil) {
        self.type = type
        self.sendingApplication = sendingApplication
        self.sendingFacility = sendingFacility
    }
}
