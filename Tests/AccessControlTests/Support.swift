import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport

/// A clock the tests move by hand (token expiry, JWT exp/nbf, the JWKS refresh rate limit).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date

    /// Starts at a whole second (now by default): the store keeps dates as seconds since 1970 in a
    /// double, which does not round-trip every sub-second `Date`.
    init(_ date: Date = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded())) { self.date = date }

    var now: Date { lock.withLock { date } }

    func advance(_ seconds: TimeInterval) {
        lock.withLock { date = date.addingTimeInterval(seconds) }
    }

    var closure: @Sendable () -> Date { { self.now } }
}

/// The identity provider peer (Tests/Peers/jwt_peer.py, PyJWT + cryptography): keys, a JWKS, tokens.
struct JWTPeer {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Peers/jwt_peer.py").path

    let directory: URL

    /// New keys and JWKS files in a fresh temporary directory.
    static func make() async throws -> JWTPeer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-jwt-\(UUID().uuidString)")
        let outcome = try await ExternalTool.run(ExternalTool.python, [script, "keys", directory.path])
        guard outcome.status == 0 else { throw ExternalTool.Failure(description: "jwt_peer.py keys: \(outcome.stderr)") }
        return JWTPeer(directory: directory)
    }

    var jwksFile: URL { directory.appendingPathComponent("jwks.json") }

    struct Spec: Encodable {
        var key: String?
        var alg: String
        var claims: [String: Claim]
        var header: [String: Claim]?
    }

    enum Claim: Encodable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
        case string(String), number(Double), strings([String]), object([String: Claim]), null
        init(stringLiteral value: String) { self = .string(value) }
        init(floatLiteral value: Double) { self = .number(value) }
        init(integerLiteral value: Int) { self = .number(Double(value)) }
        init(arrayLiteral elements: String...) { self = .strings(elements) }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let v): try c.encode(v)
            case .number(let v): try c.encode(v)
            case .strings(let v): try c.encode(v)
            case .object(let v): try c.encode(v)
            case .null: try c.encodeNil()
            }
        }
    }

    /// Mints every token in one run of the peer: name → compact JWT.
    func mint(_ specs: [String: Spec]) async throws -> [String: String] {
        let input = try JSONEncoder().encode(specs)
        let outcome = try await ExternalTool.run(ExternalTool.python, [Self.script, "mint", directory.path], stdin: input)
        guard outcome.status == 0 else { throw ExternalTool.Failure(description: "jwt_peer.py mint: \(outcome.stderr)") }
        return try JSONDecoder().decode([String: String].self, from: outcome.stdout)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// `jwt_peer.py serve`: the JWKS over HTTP on a free loopback port, counting its fetches.
final class JWKSServer: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    let port: Int

    init(peer: JWTPeer) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: ExternalTool.python)
        process.arguments = [JWTPeer.script, "serve", peer.directory.path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw ExternalTool.Failure(description: "jwt_peer.py serve printed no port")
        }
        self.port = port
    }

    var jwksURL: URL { URL(string: "http://127.0.0.1:\(port)/jwks")! }

    /// How many times the JWKS was fetched, as the server counted.
    func hits() async throws -> Int {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/hits")!)
        return Int(String(decoding: data, as: UTF8.self)) ?? -1
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        while process.isRunning { usleep(5_000) }
    }
}
