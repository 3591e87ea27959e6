import Foundation
import SQLiteStore
import Store
import Testing
@testable import AccessControl

@Suite struct LocalTokenTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-tokens-\(UUID().uuidString)")

    private func tokens(clock: TestClock) throws -> (LocalTokens, SQLiteStore) {
        let store = try SQLiteStore(directory: directory)
        return (LocalTokens(store: store, now: clock.closure), store)
    }

    @Test func aTokenIs32RandomBytesBehindARecognisablePrefix() throws {
        let secret = TokenSecret.generate()
        #expect(secret.hasPrefix("radbridge_"))
        let body = secret.dropFirst("radbridge_".count)
        #expect(body.count == 43)
        var base64 = body.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += "="
        #expect(Data(base64Encoded: base64)?.count == 32)
        #expect(TokenSecret.generate() != secret)
        #expect(TokenSecret.hash(secret).count == 32)
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]) && !constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]) && !constantTimeEquals([], [0]))
    }

    @Test func createdTokenAuthenticatesWithItsNameAndRole() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock()
        let (tokens, _) = try tokens(clock: clock)
        let (token, secret) = try await tokens.create(name: "pacs-console", role: .operator, lifetime: 90 * 86_400)
        #expect(token.role == "operator" && token.name == "pacs-console")
        #expect(token.expiresAt == clock.now.addingTimeInterval(90 * 86_400))
        let principal = try await tokens.authenticate(secret)
        #expect(principal == AuthenticatedCaller(name: "pacs-console", method: .token(id: token.id), roles: [.operator],
                                       expiresAt: token.expiresAt))
        await #expect(throws: AuthenticationFailure.unknownToken) { try await tokens.authenticate(secret + "x") }
        await #expect(throws: AuthenticationFailure.unknownToken) { try await tokens.authenticate(TokenSecret.generate()) }
        await #expect(throws: AuthenticationFailure.unknownToken) { try await tokens.authenticate("eyJhbGciOi.x.y") }
    }

    @Test func revokedTokenIsRefusedAndItsNameFree() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock()
        let (tokens, _) = try tokens(clock: clock)
        let (first, secret) = try await tokens.create(name: "ris", role: .viewer)
        await #expect(throws: TokenStoreError.duplicateName("ris")) { _ = try await tokens.create(name: "ris", role: .admin) }
        clock.advance(5)
        let revoked = try #require(try await tokens.revoke(nameOrID: "ris"))
        #expect(revoked.id == first.id && revoked.revokedAt == clock.now)
        await #expect(throws: AuthenticationFailure.revokedToken) { try await tokens.authenticate(secret) }
        // Revoking again (by ID) keeps the first time; the name is free for a new token.
        clock.advance(5)
        #expect(try await tokens.revoke(nameOrID: String(first.id))?.revokedAt == revoked.revokedAt)
        #expect(try await tokens.revoke(nameOrID: "ris") == nil)
        #expect(try await tokens.revoke(nameOrID: "999") == nil)
        let (second, newSecret) = try await tokens.create(name: "ris", role: .viewer)
        #expect(second.id != first.id)
        #expect(try await tokens.authenticate(newSecret).method == .token(id: second.id))
    }

    @Test func expiredTokenIsRefused() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock()
        let (tokens, store) = try tokens(clock: clock)
        let (_, secret) = try await tokens.create(name: "short", role: .admin, lifetime: 3600)
        #expect(try await store.usableAPITokenCount(at: clock.now) == 1)
        clock.advance(3599)
        #expect(try await tokens.authenticate(secret).role == .admin)
        clock.advance(1)
        await #expect(throws: AuthenticationFailure.expired) { try await tokens.authenticate(secret) }
        #expect(try await store.usableAPITokenCount(at: clock.now) == 0)
    }

    @Test func lastUseIsRecordedAtMostOncePerMinute() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        // Whole seconds: the store keeps dates as seconds since 1970 in a double.
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let (tokens, _) = try tokens(clock: clock)
        let (_, secret) = try await tokens.create(name: "ci", role: .viewer)
        #expect(try await tokens.list().first?.lastUsedAt == nil)
        _ = try await tokens.authenticate(secret)
        let firstUse = clock.now
        #expect(try await tokens.list().first?.lastUsedAt == firstUse)
        clock.advance(30)
        _ = try await tokens.authenticate(secret)
        #expect(try await tokens.list().first?.lastUsedAt == firstUse)
        clock.advance(30)
        _ = try await tokens.authenticate(secret)
        #expect(try await tokens.list().first?.lastUsedAt == clock.now)
    }

    @Test func namesAndLifetimesAreChecked() async throws {
        for bad in ["", "12", "has space", "ünï", String(repeating: "a", count: 65), "semi;colon"] {
            #expect(throws: LocalTokens.Failure.invalidName(bad)) { try LocalTokens.validate(name: bad) }
        }
        try LocalTokens.validate(name: "ci.bot-1_x@ward")
        #expect(try LocalTokens.lifetime("90d") == 90 * 86_400)
        #expect(try LocalTokens.lifetime("2w") == 14 * 86_400)
        #expect(try LocalTokens.lifetime("12h") == 43_200)
        #expect(try LocalTokens.lifetime("3600") == 3600)
        for bad in ["0d", "-1d", "d", "90y", "soon"] {
            #expect(throws: LocalTokens.Failure.invalidLifetime(bad)) { try LocalTokens.lifetime(bad) }
        }
    }

    @Test func theStoreKeepsOnlyTheHashAndListsNoSecret() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        var secrets: [String] = []
        do {
            let (tokens, _) = try tokens(clock: clock)
            secrets.append(try await tokens.create(name: "a", role: .viewer).secret)
            secrets.append(try await tokens.create(name: "b", role: .admin, lifetime: 86_400).secret)
            _ = try await tokens.revoke(nameOrID: "a")
        }
        // Round trip: a store opened anew on the same directory has the same tokens.
        let reopened = try SQLiteStore(directory: directory)
        let listed = try await reopened.apiTokens()
        #expect(listed.map(\.name) == ["a", "b"] && listed.map(\.role) == ["viewer", "admin"])
        #expect(listed[0].revokedAt == clock.now && listed[1].revokedAt == nil)
        #expect(listed[1].expiresAt == clock.now.addingTimeInterval(86_400))
        #expect(listed.allSatisfy { $0.createdAt == clock.now })
        let found = try #require(try await reopened.apiToken(secretHash: TokenSecret.hash(secrets[1])))
        #expect(found.token == listed[1] && found.secretHash == TokenSecret.hash(secrets[1]))
        // Neither the listing nor any database file holds a secret.
        let encoded = String(decoding: try JSONEncoder().encode(listed), as: UTF8.self)
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        for secret in secrets {
            #expect(!encoded.contains(secret) && !encoded.contains(secret.dropFirst(10)))
            for file in files {
                let bytes = try Data(contentsOf: file)
                #expect(bytes.range(of: Data(secret.dropFirst(10).utf8)) == nil, "\(file.lastPathComponent)")
            }
        }
        let hash = TokenSecret.hash(secrets[0])
        #expect(!encoded.contains(Data(hash).base64EncodedString()))
        #expect(!encoded.contains(hash.map { String(format: "%02x", $0) }.joined()))
    }
}
