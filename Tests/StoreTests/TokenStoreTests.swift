import Foundation
import GRDB
@testable import SQLiteStore
import Store
import Testing

@Suite struct TokenStoreTests {
    @Test func aDatabaseFromBeforeTokensGetsTheTableAndKeepsItsJournal() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("radbridge.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteSchema.migrator.migrate(pool, upTo: "v8-journal-warnings")
            #expect(try await pool.read { try $0.tableExists("api_tokens") } == false)
        }
        do {
            let store = try SQLiteStore(path: path)
            _ = try await store.append(entry("MSG-1"))
        }
        let store = try SQLiteStore(path: path)
        #expect(try await store.journalEntries(JournalQuery()).map(\.controlID) == ["MSG-1"])
        #expect(try await store.apiTokens().isEmpty)
        let applied = try await store.pool.read { try SQLiteSchema.migrator.appliedIdentifiers($0) }
        #expect(applied.contains("v9-api-tokens") && applied.contains("v8-journal-warnings"))
        #expect(SQLiteSchema.migrator.migrations.suffix(2) == ["v8-journal-warnings", "v9-api-tokens"])   // appended, last
    }

    @Test func tokensRoundTripAndNamesAreUniqueOnlyAmongActiveOnes() async throws {
        let (store, directory) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: directory) }
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        let hash = Array(repeating: UInt8(7), count: 32)
        let token = try await store.createAPIToken(NewAPIToken(name: "ris", role: "viewer", secretHash: hash, createdAt: created,
                                                               expiresAt: created.addingTimeInterval(60)))
        #expect(token == APIToken(id: token.id, name: "ris", role: "viewer", createdAt: created, expiresAt: created.addingTimeInterval(60)))
        await #expect(throws: TokenStoreError.duplicateName("ris")) {
            _ = try await store.createAPIToken(NewAPIToken(name: "ris", role: "admin", secretHash: [8], createdAt: created))
        }
        #expect(try await store.apiToken(secretHash: hash)?.token == token)
        #expect(try await store.apiToken(secretHash: Array(repeating: 7, count: 31)) == nil)
        #expect(try await store.usableAPITokenCount(at: created) == 1)
        #expect(try await store.usableAPITokenCount(at: created.addingTimeInterval(60)) == 0)
        try await store.recordAPITokenUse(id: token.id, at: created.addingTimeInterval(5))
        #expect(try await store.apiTokens().first?.lastUsedAt == created.addingTimeInterval(5))
        let revoked = try await store.revokeAPIToken(nameOrID: "ris", at: created.addingTimeInterval(10))
        #expect(revoked?.revokedAt == created.addingTimeInterval(10))
        let again = try await store.createAPIToken(NewAPIToken(name: "ris", role: "operator", secretHash: [9], createdAt: created))
        #expect(try await store.apiTokens().map(\.id) == [token.id, again.id])
        // The same secret hash cannot be stored twice.
        await #expect(throws: (any Error).self) {
            _ = try await store.createAPIToken(NewAPIToken(name: "other", role: "viewer", secretHash: hash, createdAt: created))
        }
    }
}
