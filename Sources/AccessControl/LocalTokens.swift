import Crypto
import Foundation
import Store

/// The secret of a local API token: `radbridge_` and 32 random bytes in base64url (43 characters),
/// shown once; only its SHA-256 is stored.
public enum TokenSecret {
    /// Recognisable in a log, a shell history or a secret scanner.
    public static let prefix = "radbridge_"

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    public static func generate(using generator: inout some RandomNumberGenerator) -> String {
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// SHA-256 of the whole token (prefix included), 32 bytes.
    public static func hash(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether `text` has the shape of a local token (and so is not tried as a JWT).
    public static func isLocalToken(_ text: String) -> Bool {
        text.hasPrefix(prefix)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// Compares every byte whatever differs first (and the lengths without an early return on content).
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
    for index in 0..<max(a.count, b.count) {
        let x = index < a.count ? a[index] : 0
        let y = index < b.count ? b[index] : 0
        difference |= x ^ y
    }
    return difference == 0
}

/// Creates, lists, revokes and checks the local API tokens kept by a `TokenStore`.
public struct LocalTokens: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case invalidName(String)
        case invalidLifetime(String)

        public var description: String {
            switch self {
            case .invalidName(let name):
                "token name '\(name)' must be 1 to 64 letters, digits, '.', '-', '_' or '@', and not only digits"
            case .invalidLifetime(let text): "token lifetime '\(text)' is not a duration like 90d, 12h or 30m"
            }
        }
    }

    /// `last_used` is written at most this often per token (seconds).
    public static let lastUsedResolution: TimeInterval = 60

    private let store: any TokenStore
    private let now: @Sendable () -> Date

    public init(store: any TokenStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// A new token: the stored record and the secret, which is not kept anywhere and cannot be shown again.
    public func create(name: String, role: Role, lifetime: TimeInterval? = nil) async throws -> (token: APIToken, secret: String) {
        try Self.validate(name: name)
        if let lifetime, lifetime <= 0 { throw Failure.invalidLifetime("\(lifetime)") }
        let secret = TokenSecret.generate()
        let created = now()
        let token = try await store.createAPIToken(NewAPIToken(
            name: name, role: role.rawValue, secretHash: TokenSecret.hash(secret), createdAt: created,
            expiresAt: lifetime.map { created.addingTimeInterval($0) }))
        return (token, secret)
    }

    public func list() async throws -> [APIToken] {
        try await store.apiTokens()
    }

    public func revoke(nameOrID: String) async throws -> APIToken? {
        try await store.revokeAPIToken(nameOrID: nameOrID, at: now())
    }

    /// The principal of a presented token, or why not.
    public func authenticate(_ secret: String) async throws -> AuthenticatedCaller {
        guard TokenSecret.isLocalToken(secret) else { throw AuthenticationFailure.unknownToken }
        let hash = TokenSecret.hash(secret)
        guard let (token, stored) = try await store.apiToken(secretHash: hash), constantTimeEquals(stored, hash) else {
            throw AuthenticationFailure.unknownToken
        }
        let date = now()
        guard token.revokedAt == nil else { throw AuthenticationFailure.revokedToken }
        guard !token.isExpired(at: date) else { throw AuthenticationFailure.expired }
        guard let role = Role(rawValue: token.role) else { throw AuthenticationFailure.insufficientRole }
        if token.lastUsedAt.map({ date.timeIntervalSince($0) >= Self.lastUsedResolution }) ?? true {
            try await store.recordAPITokenUse(id: token.id, at: date)
        }
        return AuthenticatedCaller(name: token.name, method: .token(id: token.id), roles: [role], expiresAt: token.expiresAt)
    }

    public static func validate(name: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_@"))
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }),
              Int64(name) == nil, !name.allSatisfy(\.isNumber)
        else { throw Failure.invalidName(name) }
    }

    /// `90d`, `2w`, `12h`, `30m` or `3600s` (a plain number is seconds), in seconds.
    public static func lifetime(_ text: String) throws -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let last = trimmed.last, let unit = units[last], let value = Int(trimmed.dropLast()), value > 0 {
            return Double(value) * unit
        }
        if let value = Int(trimmed), value > 0 { return Double(value) }
        throw Failure.invalidLifetime(text)
    }
}
