import Foundation

/// Who made an authenticated request, how they proved it, and what they may do; it becomes the
/// principal (Engine's `Principal`) of the commands and queries the request makes, and
/// replaces the self-declared `by` of an action and names the active participant of an audit event.
public struct AuthenticatedCaller: Sendable, Equatable, CustomStringConvertible {
    public enum Method: Sendable, Equatable {
        /// A local API token (`radbridge token create`), by its ID.
        case token(id: Int64)
        /// A bearer JWT from the OpenID Connect provider with this issuer.
        case oidc(issuer: String)
    }

    /// The token's name, or the JWT's subject (`sub`, else `client_id`/`azp`).
    public var name: String
    public var method: Method
    /// Never empty for an authenticated principal.
    public var roles: Set<Role>
    /// When the credential stops being valid (nil: a token that never expires).
    public var expiresAt: Date?
    /// SMART v2 system scopes the JWT carried (empty for a token), for finer per-resource checks.
    public var scopes: [SMARTScope]

    public init(name: String, method: Method, roles: Set<Role>, expiresAt: Date? = nil, scopes: [SMARTScope] = []) {
        self.name = name
        self.method = method
        self.roles = roles
        self.expiresAt = expiresAt
        self.scopes = scopes
    }

    /// The highest role held.
    public var role: Role? { roles.max() }

    public func has(_ permission: Permission) -> Bool {
        roles.contains { $0.grants(permission) }
    }

    /// `token:NAME` or `oidc:SUBJECT`: how an action's `by` and the audit's user ID show it.
    public var description: String {
        switch method {
        case .token: "token:\(name)"
        case .oidc: "oidc:\(name)"
        }
    }
}
