import Foundation

/// The local API tokens (`radbridge token create|list|revoke`), kept by their secret's hash.
public protocol TokenStore: Sendable {
    /// Stores a new token; throws `TokenStoreError.duplicateName` when a token not revoked has its name.
    func createAPIToken(_ token: NewAPIToken) async throws -> APIToken
    /// Every token, revoked and expired ones too, oldest first.
    func apiTokens() async throws -> [APIToken]
    /// The token whose secret hashes to `secretHash` (revoked or expired ones too: the caller says why it refuses).
    /// The caller still compares the hash in constant time; an implementation may look it up by an index.
    func apiToken(secretHash: [UInt8]) async throws -> (token: APIToken, secretHash: [UInt8])?
    /// Revokes the token with this ID, or else the one not revoked with this name; nil when there is none.
    /// Revoking a revoked token keeps its first revocation time.
    func revokeAPIToken(nameOrID: String, at date: Date) async throws -> APIToken?
    /// Records that the token was used (the authenticator throttles how often it calls this).
    func recordAPITokenUse(id: Int64, at date: Date) async throws
    /// How many tokens are neither revoked nor expired at `date` (`serve` creates an admin token when none).
    func usableAPITokenCount(at date: Date) async throws -> Int
}
