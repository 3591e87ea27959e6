import HL7

/// The profiles a node knows and which one applies to an inbound message.
public struct ProfileCatalog: Sendable {
    public private(set) var profiles: [String: InterfaceProfile]
    public var inboundRules: [InboundProfileRule]

    public init(profiles: [InterfaceProfile] = [], inboundRules: [InboundProfileRule] = []) {
        self.profiles = Dictionary(profiles.map { ($0.name, $0) }, uniquingKeysWith: { _, later in later })
        self.inboundRules = inboundRules
    }

    public func profile(named name: String) -> InterfaceProfile? { profiles[name] }

    /// The profile of the first rule the sender matches (MSH-3, MSH-4), if any.
    public func inboundProfile(for header: HL7Header) -> InterfaceProfile? {
        inboundRules.first { $0.matches(header) }.flatMap { profiles[$0.profile] }
    }
}

/// `{ match: { sendingApplication: CENTRICITY, sendingFacility: GENHOSP }, profile: ge-centricity }`:
/// every criterion given must equal the header's (case-insensitive).
public struct InboundProfileRule: Sendable, Equatable {
    public var sendingApplication: String?
    public var sendingFacility: String?
    public var profile: String

    public init(sendingApplication: String? = nil, sendingFacility: String? = nil, profile: String) {
        self.sendingApplication = sendingApplication
        self.sendingFacility = sendingFacility
        self.profile = profile
    }

    func matches(_ header: HL7Header) -> Bool {
        func same(_ expected: String?, _ actual: String) -> Bool {
            expected.map { $0.uppercased() == actual.uppercased() } ?? true
        }
        return same(sendingApplication, header.sendingApplication) && same(sendingFacility, header.sendingFacility)
    }
}
