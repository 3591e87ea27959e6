import Foundation
import GRDB
import Store

extension SQLiteStore: PriorRetrievalStore {
    static func migratePriorRetrievals(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE prior_retrievals (
                study_instance_uid TEXT NOT NULL,
                source TEXT NOT NULL,
                instances INTEGER NOT NULL,
                retrieved_at DOUBLE NOT NULL,
                PRIMARY KEY (study_instance_uid, source)
            );
            """)
    }

    public func recordPriorRetrieval(_ retrieval: PriorRetrieval) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO prior_retrievals (study_instance_uid, source, instances, retrieved_at) VALUES (?, ?, ?, ?)
                """, arguments: [retrieval.studyInstanceUID, retrieval.source, retrieval.instances,
                                 retrieval.retrievedAt.timeIntervalSince1970])
        }
    }

    public func priorRetrievals(studyInstanceUIDs uids: [String]) async throws -> [PriorRetrieval] {
        guard !uids.isEmpty else { return [] }
        let sql = """
            SELECT study_instance_uid, source, instances, retrieved_at FROM prior_retrievals
            WHERE study_instance_uid IN (\(uids.map { _ in "?" }.joined(separator: ","))) ORDER BY retrieved_at DESC
            """
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(uids)).map { row in
                PriorRetrieval(studyInstanceUID: row["study_instance_uid"], source: row["source"], instances: row["instances"],
                               retrievedAt: Date(timeIntervalSince1970: row["retrieved_at"]))
            }
        }
    }
}
