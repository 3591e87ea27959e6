import Foundation
import GRDB
import Store

extension SQLiteSchema {
    static func registerInstanceIndex(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-dicom-instances") { db in
            try db.execute(sql: """
                CREATE TABLE dicom_instances (
                    sop_instance_uid TEXT PRIMARY KEY,
                    study_instance_uid TEXT NOT NULL,
                    series_instance_uid TEXT NOT NULL,
                    sop_class_uid TEXT NOT NULL,
                    patient_id TEXT NOT NULL,
                    accession_number TEXT NOT NULL,
                    study_date TEXT NOT NULL,
                    modality TEXT NOT NULL,
                    attributes BLOB NOT NULL,
                    indexed_at DOUBLE NOT NULL
                );
                CREATE INDEX dicom_instances_study ON dicom_instances(study_instance_uid, series_instance_uid);
                CREATE INDEX dicom_instances_patient ON dicom_instances(patient_id);
                CREATE INDEX dicom_instances_accession ON dicom_instances(accession_number);
                CREATE INDEX dicom_instances_date ON dicom_instances(study_date);
                """)
        }
    }

    /// Rows keyed by instance file instead of SOP Instance UID: a quarantined copy that reuses a
    /// filed instance's UIDs gets its own row and never replaces the filed one's.
    static func keyInstanceIndexByPath(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE dicom_instance_files (
                path TEXT PRIMARY KEY,
                sop_instance_uid TEXT NOT NULL,
                study_instance_uid TEXT NOT NULL,
                series_instance_uid TEXT NOT NULL,
                sop_class_uid TEXT NOT NULL,
                patient_id TEXT NOT NULL,
                accession_number TEXT NOT NULL,
                study_date TEXT NOT NULL,
                modality TEXT NOT NULL,
                attributes BLOB NOT NULL,
                indexed_at DOUBLE NOT NULL
            );
            INSERT INTO dicom_instance_files SELECT study_instance_uid || '/' || series_instance_uid || '/' || sop_instance_uid || '.dcm',
                sop_instance_uid, study_instance_uid, series_instance_uid, sop_class_uid, patient_id, accession_number,
                study_date, modality, attributes, indexed_at FROM dicom_instances;
            DROP TABLE dicom_instances;
            ALTER TABLE dicom_instance_files RENAME TO dicom_instances;
            CREATE INDEX dicom_instances_study ON dicom_instances(study_instance_uid, series_instance_uid);
            CREATE INDEX dicom_instances_sop ON dicom_instances(sop_instance_uid);
            CREATE INDEX dicom_instances_patient ON dicom_instances(patient_id);
            CREATE INDEX dicom_instances_accession ON dicom_instances(accession_number);
            CREATE INDEX dicom_instances_date ON dicom_instances(study_date);
            """)
    }
}

extension SQLiteStore: InstanceIndexStore {
    public func indexInstance(_ instance: IndexedInstance, replacing: Bool) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT OR \(replacing ? "REPLACE" : "IGNORE") INTO dicom_instances (path, sop_instance_uid, study_instance_uid,
                    series_instance_uid, sop_class_uid, patient_id, accession_number, study_date, modality, attributes, indexed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [instance.path, instance.sopInstanceUID, instance.studyInstanceUID, instance.seriesInstanceUID, instance.sopClassUID,
                                 instance.patientID, instance.accessionNumber, instance.studyDate, instance.modality,
                                 Data(instance.attributes), Date().timeIntervalSince1970])
        }
    }

    public func removeIndexedInstance(path: String) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM dicom_instances WHERE path = ?", arguments: [path])
        }
    }

    public func indexedInstances(_ query: InstanceIndexQuery) async throws -> [IndexedInstance] {
        var clauses: [String] = []
        var arguments: [DatabaseValue] = []
        if let uids = query.studyInstanceUIDs {
            guard !uids.isEmpty else { return [] }
            clauses.append("study_instance_uid IN (\(uids.map { _ in "?" }.joined(separator: ",")))")
            arguments += uids.map(\.databaseValue)
        }
        if let uid = query.seriesInstanceUID { clauses.append("series_instance_uid = ?"); arguments.append(uid.databaseValue) }
        if let uid = query.sopInstanceUID { clauses.append("sop_instance_uid = ?"); arguments.append(uid.databaseValue) }
        for (column, value) in [("patient_id", query.patientID), ("accession_number", query.accessionNumber)] {
            guard let value else { continue }
            if value.contains("*") || value.contains("?") {
                clauses.append("\(column) GLOB ?")
                arguments.append(value.replacingOccurrences(of: "[", with: "[[]").databaseValue)
            } else {
                clauses.append("\(column) = ?")
                arguments.append(value.databaseValue)
            }
        }
        if let from = query.studyDateFrom { clauses.append("study_date >= ?"); arguments.append(from.databaseValue) }
        if let to = query.studyDateTo { clauses.append("study_date <= ? AND study_date <> ''"); arguments.append(to.databaseValue) }
        let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = """
            SELECT path, sop_instance_uid, study_instance_uid, series_instance_uid, sop_class_uid, patient_id, accession_number,
                   study_date, modality, attributes FROM dicom_instances \(whereClause)
            ORDER BY study_instance_uid, series_instance_uid, sop_instance_uid, path
            """
        let statementArguments = StatementArguments(arguments.map { $0 as (any DatabaseValueConvertible)? })
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map { row in
                let attributes: Data = row["attributes"]
                return IndexedInstance(sopInstanceUID: row["sop_instance_uid"], studyInstanceUID: row["study_instance_uid"],
                                       seriesInstanceUID: row["series_instance_uid"], sopClassUID: row["sop_class_uid"],
                                       patientID: row["patient_id"], accessionNumber: row["accession_number"],
                                       studyDate: row["study_date"], modality: row["modality"], attributes: [UInt8](attributes),
                                       path: row["path"])
            }
        }
    }
}
