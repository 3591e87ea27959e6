import HL7

/// The `validation:` section: how strictly each sender is held to the message structures and
/// field rules. A sender's policy is the first matching `senders` rule's, else the `validation`
/// key of the first matching `profiles.inbound` rule, else `default` (lenient).
///
///     validation:
///       default: lenient               # strict | lenient | off
///       senders:
///         - { match: { sendingApplication: CENTRICITY, sendingFacility: GENHOSP }, policy: strict }
public struct ValidationSettings: Sendable, Decodable, Equatable {
    public var defaultPolicy: HL7ValidationPolicy = .lenient
    public var senders: [SenderValidationRule] = []

    public init(defaultPolicy: HL7ValidationPolicy = .lenient, senders: [SenderValidationRule] = []) {
        self.defaultPolicy = defaultPolicy
        self.senders = senders
    }

    private enum CodingKeys: String, CodingKey { case `default`, senders }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try c.decodeIfPresent(String.self, forKey: .default) {
            defaultPolicy = try Self.policy(text, key: "validation.default")
        }
        senders = try c.decodeIfPresent([SenderValidationRule].self, forKey: .senders) ?? []
    }

    static func policy(_ text: String, key: String) throws -> HL7ValidationPolicy {
        guard let policy = HL7ValidationPolicy(rawValue: text.lowercased()) else {
            throw ConfigurationError.invalidValue("\(key) '\(text)' must be strict, lenient or off")
        }
        return policy
    }
}

/// `{ match: { sendingApplication: X, sendingFacility: Y }, policy: strict }`: every criterion given
/// must equal the header's MSH-3 / MSH-4 (case-insensitive), as in `profiles.inbound`.
public struct SenderValidationRule: Sendable, Decodable, Equatable {
    public var sendingApplication: String?
    public var sendingFacility: String?
    public var policy: HL7ValidationPolicy

    public init(sendingApplication: String? = nil, sendingFacility: String? = nil, policy: HL7ValidationPolicy) {
        self.sendingApplication = sendingApplication?.uppercased()
        self.sendingFacility = sendingFacility?.uppercased()
        self.policy = policy
    }

    private enum CodingKeys: String, CodingKey { case match, policy }
    private enum MatchKeys: String, CodingKey { case sendingApplication, sendingFacility }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let match = try c.nestedContainer(keyedBy: MatchKeys.self, forKey: .match)
        self.init(sendingApplication: try match.decodeIfPresent(String.self, forKey: .sendingApplication),
                  sendingFacility: try match.decodeIfPresent(String.self, forKey: .sendingFacility),
                  policy: try ValidationSettings.policy(try c.decode(String.self, forKey: .policy), key: "validation.senders policy"))
    }

    /// `application` and `facility` upper-cased.
    func matches(application: String, facility: String) -> Bool {
        (sendingApplication.map { $0 == application } ?? true) && (sendingFacility.map { $0 == facility } ?? true)
    }
}

/// Picks the policy for an inbound message's sender; built once from the configuration.
struct ValidationPolicyResolver: Sendable {
    private let rules: [SenderValidationRule]
    private let defaultPolicy: HL7ValidationPolicy

    init(_ configuration: EngineConfiguration) {
        var rules = configuration.validation.senders
        // Profile rules after the validation rules: the first matching profile rule decides, with
        // its own `validation` key or, without one, the default.
        let profileRules = zip(configuration.profiles.inbound, configuration.profiles.inboundValidation)
        // Without any `validation` key the profile rules all resolve to the default: skip them.
        for (rule, policy) in profileRules where configuration.profiles.inboundValidation.contains(where: { $0 != nil }) {
            rules.append(SenderValidationRule(sendingApplication: rule.sendingApplication, sendingFacility: rule.sendingFacility,
                                              policy: policy ?? configuration.validation.defaultPolicy))
        }
        self.rules = rules
        defaultPolicy = configuration.validation.defaultPolicy
    }

    func policy(for header: HL7Header) -> HL7ValidationPolicy {
        guard !rules.isEmpty else { return defaultPolicy }
        return policy(sendingApplication: header.sendingApplication, sendingFacility: header.sendingFacility)
    }

    func policy(sendingApplication: String, sendingFacility: String) -> HL7ValidationPolicy {
        let application = sendingApplication.uppercased(), facility = sendingFacility.uppercased()
        return rules.first { $0.matches(application: application, facility: facility) }?.policy ?? defaultPolicy
    }
}

extension EngineConfiguration {
    /// The validation policy for messages from MSH-3 `sendingApplication`, MSH-4 `sendingFacility`.
    public func validationPolicy(sendingApplication: String, sendingFacility: String) -> HL7ValidationPolicy {
        ValidationPolicyResolver(self).policy(sendingApplication: sendingApplication, sendingFacility: sendingFacility)
    }
}
