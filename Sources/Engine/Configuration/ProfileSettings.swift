import Foundation
import HL7
import Workflow

/// The `profiles:` section of the configuration file.
///
///     profiles:
///       directory: ./profiles        # the site's own profiles (a name here overrides a shipped one)
///       inbound:
///         - { match: { sendingApplication: CENTRICITY }, profile: ge-centricity }
public struct ProfileSettings: Sendable, Decodable, Equatable {
    public var directory: String?
    public var inbound: [InboundProfileRule] = []
    /// The `validation:` key of each inbound rule (strict, lenient, off), nil where it has none.
    public var inboundValidation: [HL7ValidationPolicy?] = []

    public init() {}

    private enum CodingKeys: String, CodingKey { case directory, inbound }
    private enum RuleKeys: String, CodingKey { case match, profile, validation }
    private enum MatchKeys: String, CodingKey { case sendingApplication, sendingFacility }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        directory = try c.decodeIfPresent(String.self, forKey: .directory)
        guard c.contains(.inbound) else { return }
        var rules = try c.nestedUnkeyedContainer(forKey: .inbound)
        while !rules.isAtEnd {
            let rule = try rules.nestedContainer(keyedBy: RuleKeys.self)
            let match = try rule.nestedContainer(keyedBy: MatchKeys.self, forKey: .match)
            inbound.append(InboundProfileRule(
                sendingApplication: try match.decodeIfPresent(String.self, forKey: .sendingApplication),
                sendingFacility: try match.decodeIfPresent(String.self, forKey: .sendingFacility),
                profile: try rule.decode(String.self, forKey: .profile)))
            inboundValidation.append(try rule.decodeIfPresent(String.self, forKey: .validation).map {
                try ValidationSettings.policy($0, key: "profiles.inbound validation")
            })
        }
    }

    /// The shipped profiles, then the site's folder (whose names win).
    public func catalog() throws -> [InterfaceProfile] {
        var profiles = try ProfileLibrary.shipped()
        if let directory {
            profiles += try ProfileLibrary.load(directory: URL(fileURLWithPath: directory))
        }
        return profiles
    }
}
