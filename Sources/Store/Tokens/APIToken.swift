import Foundation

/// A local API token as the store keeps it: everything but the secret. The secret is never stored;
/// its SHA-256 hash is, and the hash never leaves the store either (it is only ever passed in).
public struct APIToken: Sendable, Equatable, Codable {
    public var id: Int64
    /// Unique among the tokens not revoked; never all digits (a name or an ID names a token).
    public var name: String
    /// The `Security.Role` raw value: `viewer`, `operator` or `admin`.
    public var role: String
    public var createdAt: Date
    /// Nil: never expires.
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(id: Int64, name: String, role: String, createdAt: Date, expiresAt: Date? = nil,
                revokedAt: Date? = nil, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }

    public var isRevoked: Bool { revokedAt != nil }

    public func isExpired(at now: Date) -> Bool {
        expiresAt.map { $0 <= now } ?? false
    }
}

/// A token to store: its name, role, lifetime and the SHA-256 hash of its secret (32 bytes).
public struct NewAPIToken: Sendable, Equatable {
    public var name: String
    public var role: String
    public var secretHash: [UInt8]
    public var createdAt: Date
    public var expiresAt: Date?

    public init(name: String, role: String, secretHash: [UInt8], createdAt: Date, expiresAt: Date? = nil) {
        self.name = name
        self.role = role
        self.secretHash = secretHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What the store refuses when a token is created.
public enum TokenStoreError: Error, Equatable, CustomStringConvertible {
    /// A token not revoked already has this name.
    case duplicateName(String)

    public var description: String {
        switch self {
        case .duplicateName(let name): "a token named '\(name)' exists already (revoke it first)"
        }
    }
}
