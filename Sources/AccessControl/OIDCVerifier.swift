import Foundation
import JWTKit

/// Verifies the bearer JWTs of the configured OpenID Connect provider: the header's `alg` against
/// the allow-list, the signature against the provider's key set (cached; refetched when a token
/// names an unknown `kid`, at most once per `refreshInterval` however many such tokens arrive,
/// concurrent ones sharing one fetch), then `iss`, `aud`, `exp` and `nbf` (with `leeway`), then the
/// roles: `rolesClaim` through `roleMap`, and SMART system scopes. Each refusal says why.
public actor OIDCVerifier {
    public let configuration: OIDCConfiguration
    private let source: any KeySetSource
    private let now: @Sendable () -> Date

    /// The current key set by `kid` (keys without one under an empty string).
    private var keys: [String: JWK] = [:]
    /// Verifiers made from `keys`, by kid and algorithm.
    private var verifiers: [String: any JWTAlgorithm] = [:]
    private var fetchedAt: Date?
    private var lastAttempt: Date?
    private var lastFetchError: String?
    private var inFlight: Task<Void, Never>?
    /// How many times the key set was fetched (successfully or not): what the rate limit bounds.
    public private(set) var fetchCount = 0

    public init(configuration: OIDCConfiguration, source: (any KeySetSource)? = nil,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.source = source ?? configuration.keySet.source
        self.now = now
    }

    /// The principal of a bearer JWT, or the `AuthenticationFailure` that says why not.
    public func verify(_ token: String) async throws(AuthenticationFailure) -> AuthenticatedCaller {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .malformed("not a JWT (three base64url parts)")
        }
        guard let headerData = Base64URL.decode(parts[0]),
              case .object(let header)? = try? JSONDecoder().decode(JSONValue.self, from: Data(headerData))
        else { throw .malformed("header is not base64url JSON") }
        guard let alg = header["alg"]?.string else { throw .malformed("no alg in header") }
        guard OIDCConfiguration.allowedAlgorithms.contains(alg) else { throw .algorithmNotAllowed(alg) }
        guard header["crit"] == nil else { throw .malformed("critical header parameters not supported") }
        let kid = header["kid"]?.string
        guard !parts[2].isEmpty else { throw .malformed("no signature") }

        let verifier = try await verifier(kid: kid, alg: alg)
        guard let signature = Base64URL.decode(parts[2]) else { throw .malformed("signature is not base64url") }
        let signingInput = Array("\(parts[0]).\(parts[1])".utf8)
        let valid: Bool
        do {
            valid = try verifier.verify(signature, signs: signingInput)
        } catch {
            valid = false
        }
        guard valid else { throw .badSignature }

        guard let payloadData = Base64URL.decode(parts[1]),
              case .object(let claims)? = try? JSONDecoder().decode(JSONValue.self, from: Data(payloadData))
        else { throw .malformed("payload is not base64url JSON") }
        return try principal(claims: claims)
    }

    /// The claims checks and role mapping, after the signature.
    private func principal(claims: [String: JSONValue]) throws(AuthenticationFailure) -> AuthenticatedCaller {
        guard claims["iss"]?.string == configuration.issuer else { throw .wrongIssuer }
        let audiences = claims["aud"]?.strings ?? []
        guard audiences.contains(where: configuration.audiences.contains) else { throw .wrongAudience }
        let date = now().timeIntervalSince1970
        guard let exp = claims["exp"]?.number else { throw .malformed("no exp claim") }
        guard date <= exp + configuration.leeway else { throw .expired }
        if let nbfValue = claims["nbf"] {
            guard let nbf = nbfValue.number else { throw .malformed("nbf is not a number") }
            guard date + configuration.leeway >= nbf else { throw .notYetValid }
        }
        guard let name = claims["sub"]?.string ?? claims["client_id"]?.string ?? claims["azp"]?.string, !name.isEmpty else {
            throw .malformed("no sub claim")
        }
        var roles = Set<Role>()
        for value in JSONValue.object(claims).value(at: configuration.rolesClaim)?.strings ?? [] {
            if let role = configuration.roleMap[value] { roles.insert(role) }
        }
        var scopes: [SMARTScope] = []
        if configuration.smartScopes {
            scopes = SMARTScope.parse((claims["scope"]?.strings ?? []) + (claims["scp"]?.strings ?? []))
            roles.formUnion(scopes.map(\.role))
        }
        guard !roles.isEmpty else { throw .insufficientRole }
        return AuthenticatedCaller(name: name, method: .oidc(issuer: configuration.issuer), roles: roles,
                         expiresAt: Date(timeIntervalSince1970: exp), scopes: scopes)
    }

    // MARK: - Keys

    private func verifier(kid: String?, alg: String) async throws(AuthenticationFailure) -> any JWTAlgorithm {
        if fetchedAt.map({ now().timeIntervalSince($0) >= configuration.keySetMaxAge }) ?? true {
            await refresh()
        }
        if keys.isEmpty, fetchedAt == nil {
            throw .keySetUnavailable(lastFetchError ?? "no key set")
        }
        var found = key(kid: kid, alg: alg)
        if found == nil {
            await refresh()
            found = key(kid: kid, alg: alg)
        }
        guard let (id, jwk) = found else { throw .unknownKey }
        try Self.check(jwk, fits: alg)
        let cacheKey = "\(id)\u{0}\(alg)"
        if let cached = verifiers[cacheKey] { return cached }
        var copy = jwk
        copy.algorithm = JWK.Algorithm(rawValue: alg)
        copy.keyIdentifier = JWKIdentifier(string: id.isEmpty ? "-" : id)
        let verifier: any JWTAlgorithm
        do {
            let collection = JWTKeyCollection()
            try await collection.add(jwk: copy)
            verifier = try await collection.getKey(for: copy.keyIdentifier, alg: alg)
        } catch {
            throw .unknownKey
        }
        verifiers[cacheKey] = verifier
        return verifier
    }

    /// The key a token names; without a `kid`, the only key of the set that fits its algorithm.
    private func key(kid: String?, alg: String) -> (String, JWK)? {
        if let kid {
            return keys[kid].map { (kid, $0) }
        }
        let fitting = keys.filter { (try? Self.check($0.value, fits: alg)) != nil }
        return fitting.count == 1 ? fitting.first.map { ($0.key, $0.value) } : nil
    }

    private static func check(_ jwk: JWK, fits alg: String) throws(AuthenticationFailure) {
        if let declared = jwk.algorithm, declared.rawValue != alg { throw .keyMismatch(alg) }
        switch alg {
        case "RS256", "RS384":
            guard jwk.keyType == .rsa else { throw .keyMismatch(alg) }
        case "ES256":
            guard jwk.keyType == .ecdsa, jwk.curve == .ecdsa(.p256) else { throw .keyMismatch(alg) }
        case "ES384":
            guard jwk.keyType == .ecdsa, jwk.curve == .ecdsa(.p384) else { throw .keyMismatch(alg) }
        default:
            throw .algorithmNotAllowed(alg)
        }
    }

    /// Fetches the key set unless one was fetched (or tried: a provider that is down is not
    /// hammered either) less than `refreshInterval` ago; concurrent callers wait for the same
    /// fetch. A failed fetch keeps the keys there were.
    private func refresh() async {
        if let inFlight {
            await inFlight.value
            return
        }
        if let lastAttempt, now().timeIntervalSince(lastAttempt) < configuration.refreshInterval {
            return
        }
        lastAttempt = now()
        fetchCount += 1
        let source = self.source
        let task = Task {
            let result: Result<Data, any Error>
            do { result = .success(try await source.fetchKeySet()) } catch { result = .failure(error) }
            self.install(result)
        }
        inFlight = task
        await task.value
        inFlight = nil
    }

    private func install(_ result: Result<Data, any Error>) {
        do {
            let data = try result.get()
            let set = try JSONDecoder().decode(KeySet.self, from: data)
            var fresh: [String: JWK] = [:]
            for entry in set.keys {
                // A key for encryption, or of a type or curve jwt-kit cannot read, is skipped, not fatal.
                guard entry.use == nil || entry.use == "sig", let jwk = entry.jwk else { continue }
                fresh[jwk.keyIdentifier?.string ?? ""] = jwk
            }
            keys = fresh
            verifiers = [:]
            fetchedAt = now()
            lastFetchError = nil
        } catch {
            lastFetchError = String(describing: error)
        }
    }

    /// Whether a key set is cached, how many keys it has and when it was fetched.
    public var keySetStatus: (keys: Int, fetchedAt: Date?, lastError: String?) {
        (keys.count, fetchedAt, lastFetchError)
    }
}

/// `{"keys": [...]}`, each key decoded on its own so one odd key does not lose the set.
private struct KeySet: Decodable {
    struct Entry: Decodable {
        var use: String?
        var jwk: JWK?

        private enum CodingKeys: String, CodingKey { case use }

        init(from decoder: any Decoder) throws {
            use = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .use)
            jwk = try? JWK(from: decoder)
        }
    }

    var keys: [Entry]
}

enum Base64URL {
    static func decode(_ text: Substring) -> [UInt8]? {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
