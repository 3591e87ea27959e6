import Foundation
import GRDB
import Store

/// Warnings stored with journal entries, and what each sender sends.
extension SQLiteStore {
    /// One count per warning kind and message, in the transaction that journals the message.
    static func countWarnings(_ entry: NewJournalEntry, _ db: Database) throws {
        for kind in Set(entry.warnings.map(\.kind)) {
            try FastStatement.run(db, """
                INSERT INTO sender_warning_counts (sending_application, sending_facility, kind, messages)
                VALUES (?, ?, ?, 1)
                ON CONFLICT (sending_application, sending_facility, kind) DO UPDATE SET messages = messages + 1
                """, [.text(entry.sendingApplication ?? ""), .text(entry.sendingFacility ?? ""), .text(kind)])
        }
    }

    /// Every sender of inbound messages, with its message counts and warning counts by kind.
    public func senderStatistics() async throws -> [SenderStatistics] {
        try await pool.read { db in
            var senders: [String: SenderStatistics] = [:]
            func key(_ application: String, _ facility: String) -> String { application + "\u{1F}" + facility }
            let rows = try Row.fetchAll(db, sql: """
                SELECT IFNULL(sending_application, '') AS application, IFNULL(sending_facility, '') AS facility,
                       COUNT(*) AS messages, SUM(status = 'accepted') AS accepted, SUM(status = 'rejected') AS rejected,
                       SUM(status = 'duplicate') AS duplicates, SUM(warnings IS NOT NULL) AS with_warnings
                FROM journal WHERE status <> 'outbound' GROUP BY 1, 2
                """)
            for row in rows {
                let application: String = row["application"], facility: String = row["facility"]
                senders[key(application, facility)] = SenderStatistics(
                    sendingApplication: application, sendingFacility: facility, messages: row["messages"],
                    accepted: row["accepted"], rejected: row["rejected"], duplicates: row["duplicates"],
                    withWarnings: row["with_warnings"])
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM sender_warning_counts") {
                let application: String = row["sending_application"], facility: String = row["sending_facility"]
                let k = key(application, facility)
                if senders[k] == nil { senders[k] = SenderStatistics(sendingApplication: application, sendingFacility: facility) }
                senders[k]!.warnings[row["kind"]] = row["messages"]
            }
            return senders.values.sorted {
                ($0.sendingApplication, $0.sendingFacility) < ($1.sendingApplication, $1.sendingFacility)
            }
        }
    }
}

/// The journal's `warnings` column: JSON, NULL when there are none.
enum JournalWarnings {
    static func encode(_ warnings: [JournalWarning]) -> String? {
        guard !warnings.isEmpty, let data = try? JSONEncoder().encode(warnings) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?) -> [JournalWarning] {
        guard let text, !text.isEmpty else { return [] }
        return (try? JSONDecoder().decode([JournalWarning].self, from: Data(text.utf8))) ?? []
    }
}
