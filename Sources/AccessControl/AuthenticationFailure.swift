/// Why a request was not authenticated (401) or not authorised (403), with what to answer in
/// `WWW-Authenticate` (RFC 6750 section 3).
public enum AuthenticationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// No credentials: the answer names the scheme only, no error (RFC 6750 3.1).
    case missingCredentials
    /// Not a token this server issued nor a JWT (or an `Authorization` scheme other than Bearer).
    case malformed(String)
    case unknownToken
    case revokedToken
    case expired
    case notYetValid
    case wrongIssuer
    case wrongAudience
    /// The JWT names a key (`kid`) the identity provider's key set does not have, even after a refresh.
    case unknownKey
    case badSignature
    /// `alg` is not RS256, RS384, ES256 or ES384 (`none` and HS* are always refused), or does not fit the key.
    case algorithmNotAllowed(String)
    /// The algorithm is allowed but is not the one of the key the token names (RS256 with an EC key, say).
    case keyMismatch(String)
    /// The identity provider's key set could not be had (and none was cached).
    case keySetUnavailable(String)
    /// Authenticated, but the token or claims map onto no role (or lack the one the route needs): 403.
    case insufficientRole

    /// 401, or 403 for `insufficientRole`.
    public var status: Int {
        self == .insufficientRole ? 403 : 401
    }

    /// The RFC 6750 error code, nil for missing credentials.
    public var errorCode: String? {
        switch self {
        case .missingCredentials: nil
        case .malformed: "invalid_request"
        case .insufficientRole: "insufficient_scope"
        default: "invalid_token"
        }
    }

    /// Short, specific, safe to show the caller (no token material).
    public var description: String {
        switch self {
        case .missingCredentials: "no bearer token"
        case .malformed(let why): "malformed token: \(why)"
        case .unknownToken: "unknown token"
        case .revokedToken: "token revoked"
        case .expired: "token expired"
        case .notYetValid: "token not yet valid"
        case .wrongIssuer: "wrong issuer"
        case .wrongAudience: "wrong audience"
        case .unknownKey: "unknown signing key"
        case .badSignature: "bad signature"
        case .algorithmNotAllowed(let alg): "algorithm \(alg) not allowed"
        case .keyMismatch(let alg): "algorithm \(alg) does not fit the signing key"
        case .keySetUnavailable: "signing keys unavailable"
        case .insufficientRole: "insufficient role"
        }
    }

    /// The `WWW-Authenticate` value: `Bearer realm="radbridge", error="invalid_token", error_description="token expired"`.
    public func wwwAuthenticate(realm: String = "radbridge") -> String {
        var value = "Bearer realm=\"\(Self.quoted(realm))\""
        if let errorCode {
            value += ", error=\"\(errorCode)\", error_description=\"\(Self.quoted(description))\""
        }
        return value
    }

    /// RFC 6750 allows %x20-21 / %x23-5B / %x5D-7E in error_description: no quote, no backslash.
    private static func quoted(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value <= 0x7E && $0 != "\"" && $0 != "\\" }
            .map(Character.init))
    }
}
