import Foundation
import HL7
import Testing
@testable import Workflow

/// Releasing and rejecting quarantined instances as events: checked, one decision per entry, and
/// the same state after a replay.
@Suite struct QuarantineReleaseTests {
    static let uid = StudyLinkerTests.uid

    static func events() throws -> [WorkflowEvent] {
        let wrong = ReceivedInstance(patientID: "MRN999999", accessionNumber: "ACC20261122001", studyInstanceUID: uid,
                                     seriesInstanceUID: "1.2.3.4", sopInstanceUID: "1.2.3.4.9", sopClassUID: "1.2.840.10008.5.1.4.1.1.2",
                                     modality: "CT", callingAETitle: "CT1")
        var other = wrong
        other.sopInstanceUID = "1.2.3.4.10"
        return [
            .hl7(bytes: Data(try Samples.message("adt_a04_register.hl7").encoded()), at: "20261122083000"),
            .hl7(bytes: Data(try Samples.message("orm_o01_new_ge_zds.hl7").encoded()), at: "20261122084500"),
            .instanceReceived(wrong, path: "a.dcm", at: "20261122100000"),
            .instanceReceived(other, path: "b.dcm", at: "20261122100001"),
        ]
    }

    @Test func releaseFilesTheInstanceWithTheNamedOrderAndReplays() throws {
        var processor = WorkflowProcessor()
        for event in try Self.events() { _ = try processor.apply(event) }
        #expect(processor.state.quarantine.count == 2)
        #expect(processor.state.heldInstances[1]?.status == .held)
        #expect(processor.state.studies[Self.uid] == nil)

        // Identifiers that name no order, or another patient, are refused and change nothing.
        #expect(throws: WorkflowEventError.self) {
            try processor.apply(.quarantineReleased(id: 1, patientID: "MRN100234", accessionNumber: "NOPE", by: "tech", at: "1"))
        }
        #expect(throws: WorkflowEventError.self) {
            try processor.apply(.quarantineReleased(id: 1, patientID: "MRN555", accessionNumber: "ACC20261122001", by: "tech", at: "1"))
        }
        #expect(throws: WorkflowEventError.self) {
            try processor.apply(.quarantineReleased(id: 7, patientID: "MRN100234", accessionNumber: "ACC20261122001", by: "tech", at: "1"))
        }
        #expect(processor.state.heldInstances[1]?.status == .held)

        let release = WorkflowEvent.quarantineReleased(id: 1, patientID: "MRN100234", accessionNumber: "ACC20261122001",
                                                       by: "tech", at: "20261122110000")
        let reject = WorkflowEvent.quarantineRejected(id: 2, by: "tech", reason: "wrong patient", at: "20261122110100")
        _ = try processor.apply(release)
        _ = try processor.apply(reject)
        let filed = try #require(processor.state.studies[Self.uid]?.instances["1.2.3.4.9"])
        #expect(filed.path == "a.dcm")
        #expect(filed.callingAETitle == "CT1")
        #expect(processor.state.studies[Self.uid]?.instances["1.2.3.4.10"] == nil)
        #expect(processor.state.heldInstances[1]?.status == .released)
        #expect(processor.state.heldInstances[1]?.decidedBy == "tech")
        #expect(processor.state.heldInstances[2]?.status == .rejected)
        #expect(processor.state.heldInstances[2]?.note == "wrong patient")
        // One decision per entry.
        #expect(throws: WorkflowEventError.self) { try processor.apply(reject) }
        #expect(throws: WorkflowEventError.self) { try processor.apply(release) }

        // Stored as JSON and replayed: the same state.
        let stored = try (Self.events() + [release, reject]).map { try JSONEncoder().encode($0) }
        let replayed = WorkflowProcessor.replay(try stored.map { try JSONDecoder().decode(WorkflowEvent.self, from: $0) },
                                                configuration: WorkflowConfiguration())
        #expect(replayed.state.heldInstances.mapValues(\.status) == processor.state.heldInstances.mapValues(\.status))
        #expect(replayed.state.studies[Self.uid]?.instances.keys.sorted() == ["1.2.3.4.9"])
    }
}
