import DICOM
import Testing
@testable import DICOMNetwork

/// The MPPS store is bounded: steps in progress beyond its capacity are evicted oldest first, ended
/// steps keep only their final status (enough to refuse a later N-SET), and a failed change is undone.
@Suite struct ProcedureStepStoreTests {
    static func attributes(_ status: String) -> DataSet {
        var attributes = DataSet()
        attributes.set(ProcedureStepService.performedProcedureStepStatus, .CS, status)
        return attributes
    }

    @Test func stepsInProgressAreBoundedOldestFirst() async throws {
        let store = ProcedureStepStore(capacity: 2)
        for uid in ["1.1", "1.2", "1.3"] { try await store.create(uid, Self.attributes("IN PROGRESS")) }
        #expect(await store.instances.keys.sorted() == ["1.2", "1.3"])
        #expect(await store.status(of: "1.1") == nil)
    }

    @Test func endedStepsAreForgottenButRefused() async throws {
        let store = ProcedureStepStore(capacity: 2)
        try await store.create("2.1", Self.attributes("IN PROGRESS"))
        _ = try await store.update("2.1", Self.attributes("COMPLETED"))
        #expect(await store.instances.isEmpty)
        #expect(await store.status(of: "2.1") == "COMPLETED")
        await #expect(throws: DIMSEServiceError.self) { try await store.update("2.1", Self.attributes("DISCONTINUED")) }
        await #expect(throws: DIMSEServiceError.self) { try await store.create("2.1", Self.attributes("IN PROGRESS")) }
        // Only the most recent ended steps are remembered.
        for uid in ["2.2", "2.3"] {
            try await store.create(uid, Self.attributes("IN PROGRESS"))
            _ = try await store.update(uid, Self.attributes("DISCONTINUED"))
        }
        #expect(await store.status(of: "2.1") == nil)
        #expect(await store.status(of: "2.3") == "DISCONTINUED")
    }

    @Test func aChangeThatCouldNotBeRecordedIsUndone() async throws {
        let store = ProcedureStepStore()
        try await store.create("3.1", Self.attributes("IN PROGRESS"))
        let (_, previous) = try await store.update("3.1", Self.attributes("COMPLETED"))
        await store.restore("3.1", previous: previous)
        #expect(await store.status(of: "3.1") == "IN PROGRESS")
        await store.restore("3.1", previous: nil)
        #expect(await store.status(of: "3.1") == nil)
    }
}
