import Foundation
import AccessControl

/// `security:` in the configuration file. Today: the OpenID Connect provider whose bearer JWTs are
/// accepted besides the local API tokens.
///
///     security:
///       oidc:
///         issuer: https://idp.hospital.org/realms/radiology   # iss must be exactly this
///         audience: radbridge                                 # or a list; aud must contain one
///         jwksURL: https://idp.hospital.org/realms/radiology/protocol/openid-connect/certs
///         # jwksFile: /etc/radbridge/idp-jwks.json            # instead of jwksURL
///         rolesClaim: realm_access.roles                      # dotted path; default roles
///         roleMap: { radiology-readers: viewer, pacs-operators: operator, radbridge-admins: admin }
///         smartScopes: true          # system/*.rs → viewer, system/*.cruds, system/ServiceRequest.c → operator
///         leeway: 60s                # clock skew allowed on exp/nbf (0 to 10m)
///         jwksRefreshInterval: 60s   # least time between two key set fetches an unknown kid causes
///         jwksMaxAge: 1h             # a cached key set older than this is refetched
public struct SecuritySettings: Sendable, Decodable, Equatable {
    public var oidc: OIDCConfiguration?

    public init(oidc: OIDCConfiguration? = nil) {
        self.oidc = oidc
    }

    private enum CodingKeys: String, CodingKey { case oidc }

    private enum OIDCKeys: String, CodingKey, CaseIterable {
        case issuer, audience, jwksURL, jwksFile, rolesClaim, roleMap, smartScopes, leeway, jwksRefreshInterval, jwksMaxAge
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard c.contains(.oidc) else { return }
        let o = try c.nestedContainer(keyedBy: OIDCKeys.self, forKey: .oidc)
        func fail(_ text: String) -> ConfigurationError { .invalidValue("security.oidc: \(text)") }
        guard let issuer = try o.decodeIfPresent(String.self, forKey: .issuer) else { throw fail("issuer is required") }
        let audiences: [String]
        if let list = try? o.decodeIfPresent([String].self, forKey: .audience) {
            audiences = list
        } else if let one = try o.decodeIfPresent(String.self, forKey: .audience) {
            audiences = [one]
        } else {
            throw fail("audience is required")
        }
        let keySet: OIDCConfiguration.KeySetLocation
        switch (try o.decodeIfPresent(String.self, forKey: .jwksURL), try o.decodeIfPresent(String.self, forKey: .jwksFile)) {
        case (let url?, nil):
            guard let parsed = URL(string: url), parsed.host != nil else { throw fail("jwksURL '\(url)' is not a URL") }
            keySet = .url(parsed)
        case (nil, let file?):
            keySet = .file(URL(fileURLWithPath: file))
        case (nil, nil):
            throw fail("jwksURL or jwksFile is required")
        case (_?, _?):
            throw fail("jwksURL and jwksFile exclude each other")
        }
        var roleMap: [String: Role] = [:]
        for (claimValue, name) in try o.decodeIfPresent([String: String].self, forKey: .roleMap) ?? [:] {
            guard let role = Role(name: name) else {
                throw fail("roleMap maps '\(claimValue)' to '\(name)', which is not viewer, operator or admin")
            }
            roleMap[claimValue] = role
        }
        func duration(_ key: OIDCKeys, _ fallback: TimeInterval) throws -> TimeInterval {
            if let seconds = try? o.decodeIfPresent(Int.self, forKey: key) { return TimeInterval(seconds) }
            guard let text = try o.decodeIfPresent(String.self, forKey: key) else { return fallback }
            if text == "0" || text == "0s" { return 0 }
            guard let seconds = WorkflowSettings.seconds(text) else {
                throw fail("\(key.rawValue) '\(text)' is not a duration like 60s, 5m or 1h")
            }
            return TimeInterval(seconds)
        }
        let configuration = OIDCConfiguration(
            issuer: issuer, audiences: audiences, keySet: keySet,
            rolesClaim: try o.decodeIfPresent(String.self, forKey: .rolesClaim) ?? "roles",
            roleMap: roleMap,
            smartScopes: try o.decodeIfPresent(Bool.self, forKey: .smartScopes) ?? true,
            leeway: try duration(.leeway, 60),
            refreshInterval: try duration(.jwksRefreshInterval, 60),
            keySetMaxAge: try duration(.jwksMaxAge, 3600))
        if let problem = configuration.problems().first { throw fail(problem) }
        oidc = configuration
    }

    private enum BlockKey: String, CodingKey { case security }

    /// The `security:` block of the file being decoded, or the defaults (no OIDC).
    static func decode(from decoder: any Decoder) throws -> SecuritySettings {
        try decoder.container(keyedBy: BlockKey.self).decodeIfPresent(SecuritySettings.self, forKey: .security) ?? SecuritySettings()
    }
}
