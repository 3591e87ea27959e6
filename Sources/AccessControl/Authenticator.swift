import Foundation

/// One entry point for a request's `Authorization` value (the HTTP layer passes the header's text,
/// nothing of its framework): a local API token (`radbridge_…`) is checked against the store, any
/// other bearer token as a JWT of the OpenID Connect provider when one is configured.
///
/// Throws `AuthenticationFailure` to answer 401/403 with (`status`, `wwwAuthenticate()`); any other
/// error (the store failing) is the server's, a 500, never a reason to let the request through.
public struct Authenticator: Sendable {
    public let tokens: LocalTokens
    public let oidc: OIDCVerifier?

    public init(tokens: LocalTokens, oidc: OIDCVerifier? = nil) {
        self.tokens = tokens
        self.oidc = oidc
    }

    /// The principal behind `Authorization: Bearer <token>`.
    public func authenticate(authorization: String?) async throws -> AuthenticatedCaller {
        let token = try Self.bearerToken(authorization)
        if TokenSecret.isLocalToken(token) {
            return try await tokens.authenticate(token)
        }
        guard let oidc else { throw AuthenticationFailure.unknownToken }
        return try await oidc.verify(token)
    }

    /// The principal, provided it has `permission` (else `insufficientRole`, a 403).
    public func authorize(authorization: String?, for permission: Permission) async throws -> AuthenticatedCaller {
        let principal = try await authenticate(authorization: authorization)
        guard principal.has(permission) else { throw AuthenticationFailure.insufficientRole }
        return principal
    }

    /// The token of a `Bearer` credential (RFC 6750 2.1: the scheme is case-insensitive).
    public static func bearerToken(_ authorization: String?) throws(AuthenticationFailure) -> String {
        guard let authorization, !authorization.allSatisfy(\.isWhitespace) else { throw .missingCredentials }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw .malformed("the Authorization scheme must be Bearer")
        }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, !token.contains(" ") else { throw .malformed("the Authorization scheme must be Bearer") }
        return token
    }
}
