import AccessControl
import ArgumentParser
import Foundation
import SQLiteStore
import Store

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke the local API tokens (kept hashed in the data directory).",
        subcommands: [TokenCreateCommand.self, TokenListCommand.self, TokenRevokeCommand.self]
    )

    /// The store of an existing data directory (list and revoke do not create one).
    static func existingStore(_ data: String) throws -> SQLiteStore {
        let directory = URL(fileURLWithPath: data)
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("radbridge.sqlite").path) else {
            throw ValidationError("no data directory at \(data)")
        }
        return try SQLiteStore(directory: directory)
    }
}

struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token and print it once: only its hash is kept, it cannot be shown again.",
        discussion: "The token alone goes to standard output (TOKEN=$(radbridge token create ...)); what it is goes to standard error."
    )

    @Option(help: "Directory holding the SQLite store.")
    var data = "./radbridge-data"

    @Option(help: "viewer, operator or admin.")
    var role: String

    @Option(help: "A name unique among the tokens not revoked (letters, digits, '.', '-', '_', '@').")
    var name: String

    @Option(help: "Lifetime, e.g. 90d, 2w, 12h; without it the token does not expire.")
    var expires: String?

    func validate() throws {
        guard Role(name: role) != nil else { throw ValidationError("role must be viewer, operator or admin") }
        do {
            try LocalTokens.validate(name: name)
            if let expires { _ = try LocalTokens.lifetime(expires) }
        } catch let failure as LocalTokens.Failure {
            throw ValidationError(failure.description)
        }
    }

    func run() async throws {
        let role = Role(name: role)!
        let lifetime = try expires.map(LocalTokens.lifetime)
        let store = try SQLiteStore(directory: URL(fileURLWithPath: data))
        let created: (token: APIToken, secret: String)
        do {
            created = try await LocalTokens(store: store).create(name: name, role: role, lifetime: lifetime)
        } catch let error as TokenStoreError {
            throw ValidationError(error.description)
        }
        print(created.secret)
        let expiry = created.token.expiresAt.map { "expires \(ISO8601DateFormatter().string(from: $0))" } ?? "does not expire"
        FileHandle.standardError.write(Data("""
            radbridge: created token '\(created.token.name)' (id \(created.token.id), role \(role), \(expiry)); \
            it is shown only now: keep it (Authorization: Bearer <token>)

            """.utf8))
    }
}

struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the tokens (never a token or its hash)."
    )

    @Option(help: "Directory holding the SQLite store.")
    var data = "./radbridge-data"

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    struct Listed: Encodable {
        var id: Int64
        var name: String
        var role: String
        var status: String
        var createdAt: Date
        var expiresAt: Date?
        var revokedAt: Date?
        var lastUsedAt: Date?
    }

    func run() async throws {
        let store = try TokenCommand.existingStore(data)
        let now = Date()
        let tokens = try await LocalTokens(store: store).list().map { token in
            Listed(id: token.id, name: token.name, role: token.role,
                   status: token.isRevoked ? "revoked" : token.isExpired(at: now) ? "expired" : "active",
                   createdAt: token.createdAt, expiresAt: token.expiresAt, revokedAt: token.revokedAt, lastUsedAt: token.lastUsedAt)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(tokens), as: UTF8.self))
            return
        }
        let formatter = ISO8601DateFormatter()
        let rows = tokens.map { token in
            [String(token.id), token.name, token.role, token.status, formatter.string(from: token.createdAt),
             token.expiresAt.map(formatter.string) ?? "never", token.lastUsedAt.map(formatter.string) ?? "never"]
        }
        print(Table(header: ["ID", "NAME", "ROLE", "STATUS", "CREATED", "EXPIRES", "LAST USED"], rows: rows).text)
    }
}

struct TokenRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke a token by ID or name: it is refused from then on (a running server included)."
    )

    @Option(help: "Directory holding the SQLite store.")
    var data = "./radbridge-data"

    @Argument(help: "The token's ID, or the name of a token not revoked.")
    var token: String

    func run() async throws {
        let store = try TokenCommand.existingStore(data)
        guard let revoked = try await LocalTokens(store: store).revoke(nameOrID: token) else {
            throw ValidationError("no token '\(token)' (radbridge token list shows them)")
        }
        print("revoked token '\(revoked.name)' (id \(revoked.id), role \(revoked.role))")
    }
}
