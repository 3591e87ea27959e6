import Foundation
import GRDB
import Store

extension SQLiteStore: OutboxStore {
    public func deliverable(destination: String, now: Date, busyKeys: Set<String>, limit: Int) async throws
        -> [OutboxItem]
    {
        try await pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT o.id, o.destination, o.journal_id, o.ordering_key, o.attempts, j.raw, j.control_id
                FROM outbox o JOIN journal j ON j.id = o.journal_id
                WHERE o.destination = ? AND o.state = 'pending' AND o.next_attempt_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM outbox p
                                  WHERE p.destination = o.destination AND p.state = 'pending'
                                    AND p.ordering_key = o.ordering_key AND p.id < o.id)
                ORDER BY o.id
                """, arguments: [destination, now.timeIntervalSince1970])
            var items: [OutboxItem] = []
            while items.count < limit, let row = try rows.next() {
                let key: String = row["ordering_key"]
                if busyKeys.contains(key) { continue }
                let raw: Data = row["raw"]
                items.append(OutboxItem(id: row["id"], destination: row["destination"], journalID: row["journal_id"],
                                        orderingKey: key, attempts: row["attempts"], payload: [UInt8](raw),
                                        controlID: row["control_id"]))
            }
            return items
        }
    }

    public func nextDueDate(destination: String) async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(db, sql: """
                SELECT min(next_attempt_at) FROM outbox WHERE destination = ? AND state = 'pending'
                """, arguments: [destination]).map(Date.init(timeIntervalSince1970:))
        }
    }

    public func markDelivered(id: Int64) async throws {
        try await update(id: id, state: .delivered, attempts: nil, nextAttempt: nil, error: nil)
    }

    public func scheduleRetry(id: Int64, attempts: Int, at date: Date, error: String) async throws {
        try await update(id: id, state: .pending, attempts: attempts, nextAttempt: date, error: error)
    }

    public func deadLetter(id: Int64, attempts: Int, error: String) async throws {
        try await update(id: id, state: .dead, attempts: attempts, nextAttempt: nil, error: error)
    }

    private func update(id: Int64, state: OutboxState, attempts: Int?, nextAttempt: Date?, error: String?) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.cachedStatement(sql: """
                UPDATE outbox SET state = ?, attempts = coalesce(?, attempts),
                    next_attempt_at = coalesce(?, next_attempt_at), last_error = coalesce(?, last_error),
                    updated_at = ?
                WHERE id = ?
                """).execute(arguments: [state.rawValue, attempts, nextAttempt?.timeIntervalSince1970, error, now, id])
        }
    }

    public func resend(journalID: Int64, to destinations: [String]?) async throws -> ResendOutcome {
        let now = Date().timeIntervalSince1970
        return try await writer.write { db in
            let routed = try Row.fetchAll(db, sql: """
                SELECT destination, ordering_key FROM outbox WHERE journal_id = ?
                GROUP BY destination ORDER BY min(id)
                """, arguments: [journalID]).map { (destination: $0["destination"] as String, key: $0["ordering_key"] as String) }
            var outcome = ResendOutcome()
            let wanted = destinations ?? routed.map(\.destination)
            outcome.notRouted = wanted.filter { name in !routed.contains { $0.destination == name } }
            for (destination, key) in routed where wanted.contains(destination) {
                // One statement: the check and the insert cannot be split by another writer.
                try db.execute(sql: """
                    INSERT INTO outbox (destination, journal_id, ordering_key, state, next_attempt_at, updated_at)
                    SELECT ?, ?, ?, 'pending', ?, ?
                    WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE journal_id = ? AND destination = ? AND state = 'pending')
                    """, arguments: [destination, journalID, key, now, now, journalID, destination])
                guard db.changesCount > 0 else {
                    outcome.alreadyQueued.append(destination)
                    continue
                }
                try db.execute(sql: """
                    UPDATE outbox SET state = 'resent', updated_at = ? WHERE journal_id = ? AND destination = ? AND state = 'dead'
                    """, arguments: [now, journalID, destination])
                outcome.queued.append(destination)
            }
            return outcome
        }
    }

    public func destinationStatistics() async throws -> [DestinationStatistics] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT destination,
                       sum(state = 'pending') AS pending, sum(state = 'delivered') AS delivered,
                       sum(state = 'dead') AS dead
                FROM outbox GROUP BY destination ORDER BY destination
                """)
            return try rows.map { row in
                let name: String = row["destination"]
                let lastError = try Row.fetchOne(db, sql: """
                    SELECT last_error, updated_at FROM outbox
                    WHERE destination = ? AND last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1
                    """, arguments: [name])
                return DestinationStatistics(
                    name: name, pending: row["pending"], delivered: row["delivered"], deadLetters: row["dead"],
                    lastError: lastError?["last_error"],
                    lastErrorAt: (lastError?["updated_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }
}
