import Foundation

/// `security.oidc`: the hospital's OpenID Connect provider whose bearer JWTs are accepted.
public struct OIDCConfiguration: Sendable, Equatable {
    public enum KeySetLocation: Sendable, Equatable {
        /// `jwksURL`: fetched, cached, refetched on an unknown `kid` (rate-limited) and when older than `keySetMaxAge`.
        case url(URL)
        /// `jwksFile`: read at the first use, reread like a URL is refetched.
        case file(URL)
    }

    /// The only algorithms accepted; `none`, HS* (a shared secret), PS* and the rest are refused.
    public static let allowedAlgorithms: Set<String> = ["RS256", "RS384", "ES256", "ES384"]

    /// `iss` must be exactly this.
    public var issuer: String
    /// `aud` must contain one of these.
    public var audiences: [String]
    public var keySet: KeySetLocation
    /// Where in the claims the provider's roles or groups are (dotted path, `realm_access.roles`). Default `roles`.
    public var rolesClaim: String
    /// Provider role or group → RadBridge role; the others are ignored.
    public var roleMap: [String: Role]
    /// Whether SMART v2 system scopes in `scope`/`scp` grant roles (read-only → viewer, writes → operator).
    public var smartScopes: Bool
    /// Clock skew allowed on `exp` and `nbf`, seconds. Default 60.
    public var leeway: TimeInterval
    /// The least time between two fetches of the key set caused by tokens (an unknown `kid`), seconds. Default 60.
    public var refreshInterval: TimeInterval
    /// A cached key set older than this is refetched on the next token (keeping the old one if that fails). Default 1 h.
    public var keySetMaxAge: TimeInterval

    public init(issuer: String, audiences: [String], keySet: KeySetLocation, rolesClaim: String = "roles",
                roleMap: [String: Role] = [:], smartScopes: Bool = true, leeway: TimeInterval = 60,
                refreshInterval: TimeInterval = 60, keySetMaxAge: TimeInterval = 3600) {
        self.issuer = issuer
        self.audiences = audiences
        self.keySet = keySet
        self.rolesClaim = rolesClaim
        self.roleMap = roleMap
        self.smartScopes = smartScopes
        self.leeway = leeway
        self.refreshInterval = refreshInterval
        self.keySetMaxAge = keySetMaxAge
    }

    /// What is wrong with it, if anything (the configuration loader reports it under `security.oidc`).
    public func problems() -> [String] {
        var problems: [String] = []
        if issuer.isEmpty { problems.append("issuer must not be empty") }
        if audiences.isEmpty || audiences.contains(where: \.isEmpty) { problems.append("audience must name at least one audience") }
        if case .url(let url) = keySet, !["https", "http"].contains(url.scheme?.lowercased() ?? "") {
            problems.append("jwksURL must be an https (or http) URL")
        }
        if rolesClaim.isEmpty { problems.append("rolesClaim must not be empty") }
        if roleMap.isEmpty && !smartScopes { problems.append("roleMap is empty and smartScopes off: no token could have a role") }
        if leeway < 0 || leeway > 600 { problems.append("leeway must be 0 to 10 minutes") }
        if refreshInterval < 1 { problems.append("jwksRefreshInterval must be at least 1s") }
        if keySetMaxAge < refreshInterval { problems.append("jwksMaxAge must be at least jwksRefreshInterval") }
        return problems
    }
}
