import Foundation
import GRDB
import Store

extension SQLiteStore: WorkflowEventStore {
    public func appendWorkflowEvent(sequence: Int64, _ event: [UInt8], outputs: [NewJournalEntry],
                                    inbound: NewJournalEntry?) async throws -> JournalAppendResult? {
        try await writer.write { db in
            let result = try inbound.map { try Self.insert($0, db) }
            if result?.status == .duplicate { return result }
            try FastStatement.run(db, "INSERT INTO workflow_events (seq, event, recorded_at) VALUES (?, ?, ?)",
                                  [.integer(sequence), .blob(event), .real(Date().timeIntervalSince1970)])
            for output in outputs { _ = try Self.insert(output, db) }
            return result
        }
    }

    public func workflowEvents() async throws -> [(sequence: Int64, event: [UInt8])] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, event FROM workflow_events ORDER BY seq").map { row in
                let event: Data = row["event"]
                return (row["seq"], [UInt8](event))
            }
        }
    }
}
