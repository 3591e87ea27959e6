import Foundation
import GRDB
@testable import SQLiteStore
import Store
import Testing

/// The DICOMweb index keeps one row per instance file: a quarantined copy that reuses a filed
/// instance's SOP Instance UID has its own row, and rows indexed before the change keep theirs.
@Suite struct InstanceIndexTests {
    static func row(_ path: String, patient: String) -> IndexedInstance {
        IndexedInstance(sopInstanceUID: "1.2.3.4.1", studyInstanceUID: "1.2.3", seriesInstanceUID: "1.2.3.4", sopClassUID: "1.2.840.10008.5.1.4.1.1.2",
                        patientID: patient, accessionNumber: "ACC1", studyDate: "20261122", modality: "CT",
                        attributes: Array("{}".utf8), path: path)
    }

    @Test func copiesWithOneSOPInstanceUIDKeepARowEach() async throws {
        let (store, _) = try temporaryStore()
        try await store.indexInstance(Self.row("1.2.3/1.2.3.4/1.2.3.4.1.dcm", patient: "A"), replacing: true)
        try await store.indexInstance(Self.row("quarantine/x.dcm", patient: "B"), replacing: true)
        // A row is replaced only at its own path, and only when asked to.
        try await store.indexInstance(Self.row("1.2.3/1.2.3.4/1.2.3.4.1.dcm", patient: "C"), replacing: false)
        let rows = try await store.indexedInstances(InstanceIndexQuery(sopInstanceUID: "1.2.3.4.1"))
        #expect(rows.map { "\($0.path) \($0.patientID)" } == ["1.2.3/1.2.3.4/1.2.3.4.1.dcm A", "quarantine/x.dcm B"])
        try await store.removeIndexedInstance(path: "quarantine/x.dcm")
        #expect(try await store.indexedInstances(InstanceIndexQuery(sopInstanceUID: "1.2.3.4.1")).map(\.patientID) == ["A"])
    }

    @Test func rowsIndexedBeforeTheChangeGetTheirUIDPath() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("radbridge.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try SQLiteSchema.migrator.migrate(pool, upTo: "v6-fewer-journal-index-writes")
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO dicom_instances VALUES ('1.2.3.4.1', '1.2.3', '1.2.3.4', '1.2.840.10008.5.1.4.1.1.2', 'A', 'ACC1',
                        '20261122', 'CT', X'7B7D', 0)
                    """)
            }
        }
        let store = try SQLiteStore(path: path)
        let rows = try await store.indexedInstances(InstanceIndexQuery(studyInstanceUIDs: ["1.2.3"]))
        #expect(rows.map(\.path) == ["1.2.3/1.2.3.4/1.2.3.4.1.dcm"])
    }
}
