import Foundation
import HL7
import Testing
@testable import Workflow

/// An object that reuses a filed instance's SOP Instance UID never replaces it: an identical copy
/// is a duplicate, anything else is quarantined and cannot be released over the filed instance.
@Suite struct FiledInstanceMatchTests {
    static let uid = StudyLinkerTests.uid

    static func processor() throws -> WorkflowProcessor {
        var processor = WorkflowProcessor()
        _ = try processor.apply(.hl7(bytes: Data(try Samples.message("adt_a04_register.hl7").encoded()), at: "20261122083000"))
        _ = try processor.apply(.hl7(bytes: Data(try Samples.message("orm_o01_new_ge_zds.hl7").encoded()), at: "20261122084500"))
        return processor
    }

    static let filed = ReceivedInstance(patientID: "MRN100234", accessionNumber: "ACC20261122001", studyInstanceUID: uid,
                                        seriesInstanceUID: uid + ".1", sopInstanceUID: uid + ".1.1", sopClassUID: "1.2.840.10008.5.1.4.1.1.2",
                                        modality: "CT", callingAETitle: "CT1", contentDigest: "aaaa")

    @Test func anotherPatientWithTheSameUIDsIsQuarantinedAndTheFiledInstanceKept() throws {
        var processor = try Self.processor()
        #expect(processor.apply(Self.filed, path: "filed.dcm").quarantined == 0)
        var other = Self.filed
        other.patientID = "MRN999999"
        other.contentDigest = "bbbb"
        let outcome = processor.apply(other, path: "quarantine/x.dcm")
        #expect(outcome.quarantined == 1)
        #expect(!outcome.duplicateInstance)
        #expect(processor.state.studies[Self.uid]?.instances[Self.filed.sopInstanceUID]?.path == "filed.dcm")
        #expect(processor.state.quarantine.last?.reason.contains("MRN") == false)
        // Released under the right patient, it would still replace the filed instance: refused.
        #expect(throws: WorkflowEventError.self) {
            try processor.apply(.quarantineReleased(id: 1, patientID: "MRN100234", accessionNumber: "ACC20261122001", by: "tech", at: "1"))
        }
        #expect(processor.state.studies[Self.uid]?.instances[Self.filed.sopInstanceUID]?.path == "filed.dcm")
    }

    @Test func anIdenticalCopyIsADuplicateAndOtherContentIsHeld() throws {
        var processor = try Self.processor()
        _ = processor.apply(Self.filed, path: "filed.dcm")
        let duplicate = processor.apply(Self.filed, path: "quarantine/copy.dcm")
        #expect(duplicate.duplicateInstance)
        #expect(processor.state.quarantine.isEmpty)
        var changed = Self.filed
        changed.contentDigest = "cccc"
        #expect(processor.apply(changed, path: "quarantine/changed.dcm").quarantined == 1)
        #expect(processor.state.studies[Self.uid]?.instances[Self.filed.sopInstanceUID]?.path == "filed.dcm")
    }

    @Test func theSOPInstanceUIDOfAnInstanceFiledInAnotherStudyIsAConflict() throws {
        var processor = try Self.processor()
        _ = processor.apply(Self.filed, path: "filed.dcm")
        var elsewhere = Self.filed
        elsewhere.studyInstanceUID = "1.2.3.999"
        elsewhere.seriesInstanceUID = "1.2.3.999.1"
        guard case .conflict = processor.state.match(elsewhere) else {
            Issue.record("expected a conflict")
            return
        }
        #expect(processor.apply(elsewhere, path: "quarantine/elsewhere.dcm").quarantined == 1)
        #expect(processor.state.studies["1.2.3.999"] == nil)
    }
}

extension WorkflowProcessor {
    mutating func apply(_ instance: ReceivedInstance, path: String) -> WorkflowOutcome {
        (try? apply(.instanceReceived(instance, path: path, at: "20261122100000"))) ?? WorkflowOutcome()
    }
}
