import Foundation
import GRDB
import Store

extension SQLiteStore: JournalStore {
    public func append(_ entry: NewJournalEntry) async throws -> JournalAppendResult {
        try await writer.write { db in try Self.insert(entry, db) }
    }

    static func insert(_ entry: NewJournalEntry, _ db: Database) throws -> JournalAppendResult {
        var status = entry.status
        var duplicateOf: Int64?
        if status == .accepted {
            // Cached statements bound directly: preparing and GRDB's boxing cost more than running them.
            duplicateOf = try FastStatement.int64(db, """
                SELECT id FROM journal WHERE status = 'accepted'
                AND control_id IS ? AND sending_application IS ? AND sending_facility IS ?
                """, [.text(entry.controlID), .text(entry.sendingApplication), .text(entry.sendingFacility)])
            if duplicateOf != nil { status = .duplicate }
        }
        try FastStatement.run(db, """
            INSERT INTO journal (raw, peer, received_at, control_id, message_type, sending_application,
                                 sending_facility, status, error, duplicate_of, warnings)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.blob(entry.raw), .text(entry.peer), .real(entry.receivedAt.timeIntervalSince1970),
                  .text(entry.controlID), .text(entry.messageType), .text(entry.sendingApplication),
                  .text(entry.sendingFacility), .text(status.rawValue), .text(entry.error), .integer(duplicateOf),
                  .text(JournalWarnings.encode(entry.warnings))])
        let id = db.lastInsertedRowID
        // Only a message with warnings writes more than its row (a clean one stays one row, two index entries).
        if !entry.warnings.isEmpty, status != .duplicate {
            try countWarnings(entry, db)
        }
        if status == .accepted || status == .outbound {
            let now = entry.receivedAt.timeIntervalSince1970
            for delivery in entry.deliveries {
                try FastStatement.run(db, """
                    INSERT INTO outbox (destination, journal_id, ordering_key, state, next_attempt_at, updated_at)
                    VALUES (?, ?, ?, 'pending', ?, ?)
                    """, [.text(delivery.destination), .integer(id), .text(delivery.orderingKey), .real(now), .real(now)])
            }
        }
        return JournalAppendResult(id: id, status: status, duplicateOf: duplicateOf)
    }

    public func journalEntries(_ query: JournalQuery) async throws -> [JournalEntry] {
        try await pool.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let status = query.status {
                conditions.append("status = ?")
                arguments += [status.rawValue]
                // Spelled out so that the partial index of the statuses other than accepted serves.
                if status != .accepted { conditions.append("status <> 'accepted'") }
            }
            if let type = query.messageType {
                // "ADT" matches every ADT event, "ADT^A04" (or "ADT^A04^ADT_A01") that event.
                conditions.append("(message_type = ? OR message_type LIKE ? ESCAPE '\\')")
                let escaped = type.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
                arguments += [type, escaped + "^%"]
            }
            let source: String
            if let controlID = query.controlID {
                // Accepted entries are found by the identity index, the others by their own.
                let shared = conditions.map { " AND " + $0 }.joined()
                source = """
                    (SELECT * FROM journal WHERE control_id = ? AND status = 'accepted'\(shared)
                     UNION ALL SELECT * FROM journal WHERE control_id = ? AND status <> 'accepted'\(shared))
                    """
                arguments = [controlID] + arguments + [controlID] + arguments
            } else {
                source = "journal" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
            }
            arguments += [max(0, query.limit)]
            return try Row.fetchAll(db, sql: "SELECT * FROM \(source) ORDER BY id DESC LIMIT ?",
                                    arguments: arguments).map(Self.entry)
        }
    }

    public func journalEntry(id: Int64) async throws -> JournalEntry? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM journal WHERE id = ?", arguments: [id]).map(Self.entry)
        }
    }

    private static func entry(_ row: Row) -> JournalEntry {
        let raw: Data = row["raw"]
        return JournalEntry(
            id: row["id"], raw: [UInt8](raw), peer: row["peer"],
            receivedAt: Date(timeIntervalSince1970: row["received_at"]),
            controlID: row["control_id"], messageType: row["message_type"],
            sendingApplication: row["sending_application"], sendingFacility: row["sending_facility"],
            status: JournalStatus(rawValue: row["status"]) ?? .rejected, error: row["error"],
            duplicateOf: row["duplicate_of"], warnings: JournalWarnings.decode(row["warnings"]))
    }
}
