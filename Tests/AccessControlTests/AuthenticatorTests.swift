import Foundation
import SQLiteStore
import Testing
@testable import AccessControl

@Suite(.serialized) struct AuthenticatorTests {
    @Test func bearerCredentialsAreParsed() throws {
        #expect(try Authenticator.bearerToken("Bearer abc.def.ghi") == "abc.def.ghi")
        #expect(try Authenticator.bearerToken("bearer   radbridge_x ") == "radbridge_x")
        #expect(throws: AuthenticationFailure.missingCredentials) { try Authenticator.bearerToken(nil) }
        #expect(throws: AuthenticationFailure.missingCredentials) { try Authenticator.bearerToken("  ") }
        for bad in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "Token radbridge_x"] {
            #expect(throws: AuthenticationFailure.malformed("the Authorization scheme must be Bearer"), "\(bad)") {
                try Authenticator.bearerToken(bad)
            }
        }
    }

    @Test func localTokensAndProviderJWTsBothAuthenticateAndRolesAreEnforced() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-auth-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let peer = try await JWTPeer.make()
        defer { peer.remove() }
        let clock = TestClock()
        let tokens = LocalTokens(store: try SQLiteStore(directory: directory), now: clock.closure)
        let (_, viewerSecret) = try await tokens.create(name: "wall", role: .viewer)
        let (_, adminSecret) = try await tokens.create(name: "root", role: .admin)
        let jwts = try await peer.mint([
            "operator": .init(key: "ec-256", alg: "ES256",
                              claims: OIDCVerifierTests.claims(clock.now, ["realm_access": .object(["roles": ["rad-ops"]])])),
        ])
        let verifier = OIDCVerifier(configuration: OIDCVerifierTests.configuration(.file(peer.jwksFile)), now: clock.closure)
        let authenticator = Authenticator(tokens: tokens, oidc: verifier)

        let viewer = try await authenticator.authorize(authorization: "Bearer \(viewerSecret)", for: .read)
        #expect(viewer.description == "token:wall")
        await #expect(throws: AuthenticationFailure.insufficientRole) {
            try await authenticator.authorize(authorization: "Bearer \(viewerSecret)", for: .operate)
        }
        let jwt = try await authenticator.authorize(authorization: "Bearer \(jwts["operator"]!)", for: .operate)
        #expect(jwt.description == "oidc:dr.house")
        await #expect(throws: AuthenticationFailure.insufficientRole) {
            try await authenticator.authorize(authorization: "Bearer \(jwts["operator"]!)", for: .administer)
        }
        #expect(try await authenticator.authorize(authorization: "Bearer \(adminSecret)", for: .administer).role == .admin)
        await #expect(throws: AuthenticationFailure.missingCredentials) {
            try await authenticator.authorize(authorization: nil, for: .read)
        }
        // A revoked token is refused at once; a JWT without a provider configured is unknown.
        _ = try await tokens.revoke(nameOrID: "wall")
        await #expect(throws: AuthenticationFailure.revokedToken) {
            try await authenticator.authenticate(authorization: "Bearer \(viewerSecret)")
        }
        await #expect(throws: AuthenticationFailure.unknownToken) {
            try await Authenticator(tokens: tokens).authenticate(authorization: "Bearer \(jwts["operator"]!)")
        }
    }
}
