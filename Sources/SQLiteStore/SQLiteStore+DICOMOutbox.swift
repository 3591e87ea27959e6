import Foundation
import GRDB
import Store

extension SQLiteStore: DICOMOutboxStore {
    static func migrateDICOMOutbox(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE dicom_outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                destination TEXT NOT NULL,
                sop_instance_uid TEXT NOT NULL,
                study_instance_uid TEXT NOT NULL,
                path TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at DOUBLE NOT NULL,
                queued_at DOUBLE NOT NULL,
                last_error TEXT,
                last_error_at DOUBLE,
                sent_headers TEXT,
                updated_at DOUBLE NOT NULL,
                UNIQUE (destination, sop_instance_uid)
            );
            CREATE INDEX dicom_outbox_due ON dicom_outbox(destination, next_attempt_at) WHERE state = 'queued';
            CREATE INDEX dicom_outbox_study ON dicom_outbox(study_instance_uid);
            """)
    }

    @discardableResult
    public func enqueueDICOM(_ items: [NewDICOMOutboxItem]) async throws -> Int {
        guard !items.isEmpty else { return 0 }
        let now = Date().timeIntervalSince1970
        return try await writer.write { db in
            var added = 0
            for item in items {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO dicom_outbox
                        (destination, sop_instance_uid, study_instance_uid, path, state, next_attempt_at, queued_at, updated_at)
                    VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)
                    """, arguments: [item.destination, item.sopInstanceUID, item.studyInstanceUID, item.path, now, now, now])
                added += db.changesCount
            }
            return added
        }
    }

    public func dueDICOM(destination: String, now: Date, limit: Int) async throws -> [DICOMOutboxItem] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM dicom_outbox WHERE destination = ? AND state = 'queued' AND next_attempt_at <= ?
                ORDER BY id LIMIT ?
                """, arguments: [destination, now.timeIntervalSince1970, limit]).map(Self.dicomItem)
        }
    }

    public func nextDICOMDueDate(destination: String) async throws -> Date? {
        try await pool.read { db in
            try Double.fetchOne(db, sql: "SELECT min(next_attempt_at) FROM dicom_outbox WHERE destination = ? AND state = 'queued'",
                                arguments: [destination]).map(Date.init(timeIntervalSince1970:))
        }
    }

    public func markDICOMSent(id: Int64, headers: String) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: "UPDATE dicom_outbox SET state = 'sent', attempts = attempts + 1, sent_headers = ?, updated_at = ? WHERE id = ?",
                           arguments: [headers, now, id])
        }
    }

    public func recordDICOMCommitment(destination: String, committed: [String], failed: [String]) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            for uid in committed {
                try db.execute(sql: """
                    UPDATE dicom_outbox SET state = 'committed', updated_at = ?
                    WHERE destination = ? AND sop_instance_uid = ? AND state = 'sent'
                    """, arguments: [now, destination, uid])
            }
            for uid in failed {
                try db.execute(sql: """
                    UPDATE dicom_outbox SET state = 'failed', last_error = 'the destination did not commit it', last_error_at = ?,
                        updated_at = ?
                    WHERE destination = ? AND sop_instance_uid = ? AND state = 'sent'
                    """, arguments: [now, now, destination, uid])
            }
        }
    }

    public func scheduleDICOMRetry(id: Int64, attempts: Int, at date: Date, error: String) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE dicom_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, last_error_at = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [attempts, date.timeIntervalSince1970, error, now, now, id])
        }
    }

    public func markDICOMFailed(id: Int64, attempts: Int, error: String) async throws {
        let now = Date().timeIntervalSince1970
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE dicom_outbox SET state = 'failed', attempts = ?, last_error = ?, last_error_at = ?, updated_at = ? WHERE id = ?
                """, arguments: [attempts, error, now, now, id])
        }
    }

    public func requeueDICOM(studyInstanceUID: String, unlessHeaders headers: String, reason: String) async throws -> [String] {
        let now = Date().timeIntervalSince1970
        return try await writer.write { db in
            let destinations = try String.fetchAll(db, sql: """
                SELECT DISTINCT destination FROM dicom_outbox
                WHERE study_instance_uid = ? AND state IN ('sent', 'committed') AND sent_headers IS NOT ?
                """, arguments: [studyInstanceUID, headers])
            try db.execute(sql: """
                UPDATE dicom_outbox SET state = 'queued', next_attempt_at = ?, queued_at = ?, last_error = ?, updated_at = ?
                WHERE study_instance_uid = ? AND state IN ('sent', 'committed') AND sent_headers IS NOT ?
                """, arguments: [now, now, reason, now, studyInstanceUID, headers])
            return destinations
        }
    }

    public func dicomItems(studyInstanceUID: String) async throws -> [DICOMOutboxItem] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dicom_outbox WHERE study_instance_uid = ? ORDER BY id",
                             arguments: [studyInstanceUID]).map(Self.dicomItem)
        }
    }

    public func dicomSentStudies() async throws -> [(studyInstanceUID: String, headers: String)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT study_instance_uid, sent_headers FROM dicom_outbox
                WHERE state IN ('sent', 'committed') AND sent_headers IS NOT NULL
                """).map { ($0["study_instance_uid"], $0["sent_headers"]) }
        }
    }

    public func dicomOutboxStatistics() async throws -> [DICOMOutboxStatistics] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT destination, sum(state = 'queued') AS depth, min(CASE WHEN state = 'queued' THEN queued_at END) AS oldest,
                       sum(state = 'sent') AS sent, sum(state = 'committed') AS committed, sum(state = 'failed') AS failed
                FROM dicom_outbox GROUP BY destination ORDER BY destination
                """).map { row in
                let name: String = row["destination"]
                let last = try Row.fetchOne(db, sql: """
                    SELECT last_error, last_error_at FROM dicom_outbox
                    WHERE destination = ? AND last_error_at IS NOT NULL ORDER BY last_error_at DESC LIMIT 1
                    """, arguments: [name])
                return DICOMOutboxStatistics(
                    destination: name, depth: row["depth"], oldest: (row["oldest"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    sent: row["sent"], committed: row["committed"], failed: row["failed"], lastError: last?["last_error"],
                    lastErrorAt: (last?["last_error_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    private static func dicomItem(_ row: Row) -> DICOMOutboxItem {
        DICOMOutboxItem(id: row["id"], destination: row["destination"], sopInstanceUID: row["sop_instance_uid"],
                        studyInstanceUID: row["study_instance_uid"], path: row["path"],
                        state: DICOMDeliveryState(rawValue: row["state"]) ?? .queued, attempts: row["attempts"],
                        lastError: row["last_error"], sentHeaders: row["sent_headers"])
    }
}
