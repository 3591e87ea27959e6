import Foundation
import Testing
@testable import AccessControl

/// Tokens and key sets made by a real peer (PyJWT + cryptography: Tests/Peers/jwt_peer.py), verified
/// against a `jwksFile`. Every refusal reason has its token.
@Suite(.serialized) struct OIDCVerifierTests {
    static let issuer = "https://idp.test/realms/radiology"

    static func configuration(_ keySet: OIDCConfiguration.KeySetLocation) -> OIDCConfiguration {
        OIDCConfiguration(issuer: issuer, audiences: ["radbridge"], keySet: keySet, rolesClaim: "realm_access.roles",
                          roleMap: ["rad-readers": .viewer, "rad-ops": .operator, "rad-admins": .admin])
    }

    /// Claims that pass, at `now`, with these changes (`.null` removes a claim).
    static func claims(_ now: Date, _ changes: [String: JWTPeer.Claim] = [:]) -> [String: JWTPeer.Claim] {
        let t = now.timeIntervalSince1970.rounded()
        var claims: [String: JWTPeer.Claim] = [
            "iss": .string(issuer), "aud": "radbridge", "sub": "dr.house", "iat": .number(t), "exp": .number(t + 300),
            "realm_access": .object(["roles": ["rad-readers"]]),
        ]
        for (key, value) in changes {
            if case .null = value { claims.removeValue(forKey: key) } else { claims[key] = value }
        }
        return claims
    }

    @Test func verifiesEachAllowedAlgorithmAndRefusesEveryDefectWithItsReason() async throws {
        let peer = try await JWTPeer.make()
        defer { peer.remove() }
        let clock = TestClock()
        let t = clock.now.timeIntervalSince1970.rounded()
        func spec(_ key: String?, _ alg: String, _ changes: [String: JWTPeer.Claim] = [:],
                  header: [String: JWTPeer.Claim]? = nil) -> JWTPeer.Spec {
            JWTPeer.Spec(key: key, alg: alg, claims: Self.claims(clock.now, changes), header: header)
        }
        let tokens = try await peer.mint([
            "rs256": spec("rsa-1", "RS256"),
            "rs384": spec("rsa-1", "RS384", ["realm_access": .object(["roles": ["rad-ops", "unmapped"]])]),
            "es256": spec("ec-256", "ES256", ["realm_access": .object(["roles": ["rad-admins"]])]),
            "es384": spec("ec-384", "ES384", ["aud": ["someone", "radbridge"]]),
            "noKid": spec("ec-384", "ES384", header: ["kid": .null]),
            "readScope": spec("rsa-1", "RS256", ["realm_access": .null, "scope": "openid system/*.rs"]),
            "writeScope": spec("rsa-1", "RS256", ["realm_access": .null, "scope": "system/ServiceRequest.c"]),
            "client": spec("rsa-1", "RS256", ["realm_access": .null, "sub": .null, "client_id": "ris-backend", "scp": ["system/*.rs"]]),
            "withinLeeway": spec("rsa-1", "RS256", ["exp": .number(t - 30), "nbf": .number(t + 30)]),
            "expired": spec("rsa-1", "RS256", ["exp": .number(t - 120)]),
            "notYetValid": spec("ec-256", "ES256", ["nbf": .number(t + 120)]),
            "wrongIssuer": spec("rsa-1", "RS256", ["iss": "https://idp.evil/realms/radiology"]),
            "wrongAudience": spec("rsa-1", "RS256", ["aud": "another-app"]),
            "noAudience": spec("rsa-1", "RS256", ["aud": .null]),
            "noExp": spec("rsa-1", "RS256", ["exp": .null]),
            "noRole": spec("rsa-1", "RS256", ["realm_access": .object(["roles": ["unmapped"]])]),
            "unknownKey": spec("rsa-2", "RS256"),
            "encryptionKey": spec("rsa-evil", "RS256", header: ["kid": "enc-1"]),
            "badSignature": spec("rsa-evil", "RS256", header: ["kid": "rsa-1"]),
            "hs256": spec(nil, "HS256", header: ["kid": "hmac"]),
            "none": spec(nil, "none", header: ["kid": "rsa-1"]),
            "ps256": spec("rsa-1", "PS256"),
            "es256WithRSAKey": spec("ec-256", "ES256", header: ["kid": "rsa-1"]),
            "es384WithES256Key": spec("ec-384", "ES384", header: ["kid": "ec-256"]),
        ])
        let verifier = OIDCVerifier(configuration: Self.configuration(.file(peer.jwksFile)), now: clock.closure)

        let rs256 = try await verifier.verify(tokens["rs256"]!)
        #expect(rs256.name == "dr.house" && rs256.roles == [.viewer] && rs256.method == .oidc(issuer: Self.issuer))
        #expect(rs256.expiresAt == Date(timeIntervalSince1970: t + 300))
        #expect(try await verifier.verify(tokens["rs384"]!).roles == [.operator])
        #expect(try await verifier.verify(tokens["es256"]!).role == .admin)
        #expect(try await verifier.verify(tokens["es384"]!).roles == [.viewer])
        #expect(try await verifier.verify(tokens["noKid"]!).roles == [.viewer])
        let read = try await verifier.verify(tokens["readScope"]!)
        #expect(read.roles == [.viewer] && read.scopes.map(\.description) == ["system/*.rs"])
        #expect(try await verifier.verify(tokens["writeScope"]!).roles == [.operator])
        #expect(try await verifier.verify(tokens["client"]!).name == "ris-backend")
        #expect(try await verifier.verify(tokens["withinLeeway"]!).name == "dr.house")

        let refusals: [(String, AuthenticationFailure)] = [
            ("expired", .expired), ("notYetValid", .notYetValid), ("wrongIssuer", .wrongIssuer),
            ("wrongAudience", .wrongAudience), ("noAudience", .wrongAudience), ("noExp", .malformed("no exp claim")),
            ("noRole", .insufficientRole), ("unknownKey", .unknownKey), ("encryptionKey", .unknownKey),
            ("badSignature", .badSignature), ("hs256", .algorithmNotAllowed("HS256")), ("none", .algorithmNotAllowed("none")),
            ("ps256", .algorithmNotAllowed("PS256")), ("es256WithRSAKey", .keyMismatch("ES256")),
            ("es384WithES256Key", .keyMismatch("ES384")),
        ]
        for (name, reason) in refusals {
            await #expect(throws: reason, "\(name)") { try await verifier.verify(tokens[name]!) }
        }

        // A payload changed after signing (a role raised) no longer matches the signature.
        let parts = tokens["rs256"]!.split(separator: ".").map(String.init)
        let raised = try JSONEncoder().encode(Self.claims(clock.now, ["realm_access": .object(["roles": ["rad-admins"]])]))
        let tampered = [parts[0], TokenSecret.base64URL(Array(raised)), parts[2]].joined(separator: ".")
        await #expect(throws: AuthenticationFailure.badSignature) { try await verifier.verify(tampered) }
        let truncated = String(tokens["rs256"]!.dropLast(3)) + "@@@"
        for garbage in ["abc", "a.b", "a..c", "!!.e30.sig", truncated] {
            do {
                _ = try await verifier.verify(garbage)
                Issue.record("\(garbage) verified")
            } catch {
                guard case .malformed = error else { Issue.record("\(garbage): \(error)"); continue }
            }
        }
        // The file was read once: nothing above, unknown kids included, reread it within the interval.
        #expect(await verifier.fetchCount == 1)
    }

    @Test func aMissingKeySetIsItsOwnReason() async throws {
        let missing = URL(fileURLWithPath: "/nonexistent/radbridge-jwks-\(UUID().uuidString).json")
        let verifier = OIDCVerifier(configuration: Self.configuration(.file(missing)))
        let header = TokenSecret.base64URL(Array(#"{"alg":"RS256","kid":"k"}"#.utf8))
        do {
            _ = try await verifier.verify("\(header).e30.c2ln")
            Issue.record("verified without keys")
        } catch {
            guard case .keySetUnavailable = error else { Issue.record("\(error)"); return }
            #expect(error.wwwAuthenticate().contains(#"error_description="signing keys unavailable""#))
        }
    }
}

/// The key set over HTTP from the peer: refetched when a token names an unknown `kid`, but at most
/// once per `jwksRefreshInterval` however many such tokens arrive (counted by the serving peer).
@Suite(.serialized) struct JWKSRefreshTests {
    @Test func unknownKidRefreshesOnceAndAFloodOfThemDoesNotHammerTheProvider() async throws {
        let peer = try await JWTPeer.make()
        defer { peer.remove() }
        let server = try JWKSServer(peer: peer)
        defer { server.stop() }
        let clock = TestClock()
        let claims = OIDCVerifierTests.claims(clock.now, ["exp": .number(clock.now.timeIntervalSince1970.rounded() + 86_400)])
        var specs: [String: JWTPeer.Spec] = [
            "current": .init(key: "rsa-1", alg: "RS256", claims: claims),
            "rotated": .init(key: "rsa-2", alg: "RS256", claims: claims),
        ]
        for index in 0..<20 {
            specs["flood\(index)"] = .init(key: "rsa-evil", alg: "RS256", claims: claims, header: ["kid": .string("nope-\(index)")])
        }
        let tokens = try await peer.mint(specs)
        let configuration = OIDCVerifierTests.configuration(.url(server.jwksURL))
        #expect(configuration.refreshInterval == 60 && configuration.keySetMaxAge == 3600)
        let verifier = OIDCVerifier(configuration: configuration, now: clock.closure)

        #expect(try await verifier.verify(tokens["current"]!).name == "dr.house")
        #expect(try await server.hits() == 1)
        // The provider has not published rsa-2 yet; a refetch right after the first fetch is not allowed anyway.
        await #expect(throws: AuthenticationFailure.unknownKey) { try await verifier.verify(tokens["rotated"]!) }
        #expect(try await server.hits() == 1)

        // The provider rotates its keys; past the interval the unknown kid fetches the new set.
        try FileManager.default.removeItem(at: peer.jwksFile)
        try FileManager.default.copyItem(at: peer.directory.appendingPathComponent("jwks-rotated.json"), to: peer.jwksFile)
        clock.advance(61)
        #expect(try await verifier.verify(tokens["rotated"]!).name == "dr.house")
        #expect(try await server.hits() == 2)

        func flood() async -> [AuthenticationFailure?] {
            await withTaskGroup(of: AuthenticationFailure?.self) { group in
                for index in 0..<20 {
                    let token = tokens["flood\(index)"]!
                    group.addTask {
                        do { _ = try await verifier.verify(token); return nil } catch let failure as AuthenticationFailure { return failure } catch { return .malformed("\(error)") }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        // Twenty unknown kids right after a fetch: no fetch at all.
        #expect(await flood() == Array(repeating: .unknownKey, count: 20))
        #expect(try await server.hits() == 2)
        // Twenty concurrent unknown kids past the interval: one fetch between them.
        clock.advance(61)
        #expect(await flood() == Array(repeating: .unknownKey, count: 20))
        #expect(try await server.hits() == 3)
        // Known keys need no fetch.
        #expect(try await verifier.verify(tokens["current"]!).roles == [.viewer])
        #expect(try await server.hits() == 3)
        #expect(await verifier.fetchCount == 3)

        // A key set older than jwksMaxAge is refetched by the next token.
        clock.advance(3600)
        #expect(try await verifier.verify(tokens["current"]!).roles == [.viewer])
        #expect(try await server.hits() == 4)

        // The provider goes away: the cached keys still verify, and the failure is kept for the status.
        server.stop()
        clock.advance(3600)
        #expect(try await verifier.verify(tokens["rotated"]!).name == "dr.house")
        let status = await verifier.keySetStatus
        #expect(status.keys == 4 && status.lastError != nil)
        #expect(await verifier.fetchCount == 5)
    }
}
