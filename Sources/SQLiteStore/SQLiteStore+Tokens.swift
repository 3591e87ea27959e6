import Foundation
import GRDB
import Store

extension SQLiteStore: TokenStore {
    static func migrateAPITokens(_ db: Database) throws {
        // The secret's SHA-256 (32 bytes) only; a name is unique among the tokens not revoked.
        try db.execute(sql: """
            CREATE TABLE api_tokens (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                secret_hash BLOB NOT NULL UNIQUE,
                created_at DOUBLE NOT NULL,
                expires_at DOUBLE,
                revoked_at DOUBLE,
                last_used_at DOUBLE
            );
            CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens(name) WHERE revoked_at IS NULL;
            """)
    }

    private static let tokenColumns = "id, name, role, created_at, expires_at, revoked_at, last_used_at"

    private static func token(_ row: Row) -> APIToken {
        func date(_ column: String) -> Date? {
            (row[column] as Double?).map(Date.init(timeIntervalSince1970:))
        }
        return APIToken(id: row["id"], name: row["name"], role: row["role"],
                        createdAt: Date(timeIntervalSince1970: row["created_at"]),
                        expiresAt: date("expires_at"), revokedAt: date("revoked_at"), lastUsedAt: date("last_used_at"))
    }

    public func createAPIToken(_ token: NewAPIToken) async throws -> APIToken {
        try await writer.write { db in
            let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM api_tokens WHERE name = ? AND revoked_at IS NULL)",
                                          arguments: [token.name]) ?? false
            guard !taken else { throw TokenStoreError.duplicateName(token.name) }
            try db.execute(sql: """
                INSERT INTO api_tokens (name, role, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [token.name, token.role, Data(token.secretHash), token.createdAt.timeIntervalSince1970,
                                 token.expiresAt?.timeIntervalSince1970])
            return APIToken(id: db.lastInsertedRowID, name: token.name, role: token.role, createdAt: token.createdAt,
                            expiresAt: token.expiresAt)
        }
    }

    public func apiTokens() async throws -> [APIToken] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.tokenColumns) FROM api_tokens ORDER BY id").map(Self.token)
        }
    }

    public func apiToken(secretHash: [UInt8]) async throws -> (token: APIToken, secretHash: [UInt8])? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.tokenColumns), secret_hash FROM api_tokens WHERE secret_hash = ?",
                             arguments: [Data(secretHash)]).map { row in
                (Self.token(row), [UInt8](row["secret_hash"] as Data))
            }
        }
    }

    public func revokeAPIToken(nameOrID: String, at date: Date) async throws -> APIToken? {
        try await writer.write { db in
            let row: Row?
            if let id = Int64(nameOrID) {
                row = try Row.fetchOne(db, sql: "SELECT \(Self.tokenColumns) FROM api_tokens WHERE id = ?", arguments: [id])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT \(Self.tokenColumns) FROM api_tokens WHERE name = ? AND revoked_at IS NULL",
                                       arguments: [nameOrID])
            }
            guard let row else { return nil }
            var token = Self.token(row)
            if token.revokedAt == nil {
                try db.execute(sql: "UPDATE api_tokens SET revoked_at = ? WHERE id = ?",
                               arguments: [date.timeIntervalSince1970, token.id])
                token.revokedAt = date
            }
            return token
        }
    }

    public func recordAPITokenUse(id: Int64, at date: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", arguments: [date.timeIntervalSince1970, id])
        }
    }

    public func usableAPITokenCount(at date: Date) async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)
                """, arguments: [date.timeIntervalSince1970]) ?? 0
        }
    }
}
