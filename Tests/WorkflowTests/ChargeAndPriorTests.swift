import HL7
import Testing
@testable import Workflow

@Suite struct ChargeAndPriorTests {
    static let uid = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"
    var processor = WorkflowProcessor()

    init() throws {
        _ = processor.process(try Samples.message("adt_a04_register.hl7"), at: "20261122083000")
        _ = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
    }

    @Test mutating func completedExamPostsExactlyOneCharge() throws {
        let started = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "9.1", studyInstanceUID: Self.uid), at: "20261122093000")
        #expect(started.charges.isEmpty)
        let done = try processor.apply(ProcedureStepEvent(status: .completed, performedStepUID: "9.1", studyInstanceUID: Self.uid), at: "20261122094500")
        let charge = try #require(done.charges.first)
        #expect(done.charges.count == 1)
        #expect(charge.header.messageType == "DFT^P03")
        #expect(charge["FT1-7.1"] == "CTCHESTC")
        #expect(charge["FT1-10"] == "1")
        #expect(charge["FT1-23"] == "ACC20261122001")
        #expect(charge["FT1-4"] == "20261122094500")
        #expect(charge["PID-3.1"] == "MRN100234")
        #expect(HL7Validator.validate(charge).filter { $0.severity == .error }.isEmpty, "\(HL7Validator.validate(charge))")
        // The RIS then reports the completion too: nothing more is posted.
        var status = try Samples.message("orm_o01_status_in_progress.hl7")
        try status.set("ORC-5", to: "CM")
        let again = processor.process(status, at: "20261122094600")
        #expect(again.charges.isEmpty)
    }

    @Test mutating func statusMessageCompletionPostsAndCancelledNever() throws {
        var status = try Samples.message("orm_o01_status_in_progress.hl7")
        #expect(processor.process(status, at: "20261122093000").response?["ORC-1"] == "SC")
        try status.set("ORC-5", to: "CM")
        try status.set("MSH-10", to: "ORM0005")
        let done = processor.process(status, at: "20261122094500")
        #expect(done.charges.count == 1)

        var other = WorkflowProcessor()
        _ = other.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
        let cancelled = other.process(try Samples.message("orm_o01_cancel_ca.hl7"), at: "20261122085000")
        #expect(cancelled.charges.isEmpty)
        #expect(throws: WorkflowProcessor.ProcedureStepError.self) {
            try other.apply(ProcedureStepEvent(status: .completed, performedStepUID: "9.2", studyInstanceUID: Self.uid))
        }
        #expect(other.state.chargesPosted.isEmpty)
    }

    @Test mutating func priorsQueryListsPerformedExamsWithReports() throws {
        _ = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "9.1", studyInstanceUID: Self.uid), at: "20261122093000")
        _ = processor.process(try Samples.message("oru_r01_report_final.hl7"), at: "20261122160000")
        let query = try Samples.message("qbp_q11_priors.hl7")
        let outcome = processor.process(query, at: "20261122180000")
        let rsp = try #require(outcome.response)
        #expect(rsp.header.messageType == "RSP^K11")
        #expect(rsp["MSA-1"] == "AA")
        #expect(rsp["MSA-2"] == "QBP0001")
        #expect(rsp["QAK-1"] == "Q0001")
        #expect(rsp["QAK-2"] == "OK")
        #expect(rsp["QPD-3.1"] == "MRN100234")
        #expect(rsp["OBR-3.1"] == "ACC20261122001")
        #expect(rsp["OBR-25"] == "F")
        #expect(rsp["OBX-5"] == "1. No pulmonary embolism.\n2. Small left pleural effusion.")
        #expect(rsp["ZDS-1.1"] == Self.uid)
        #expect(HL7Validator.validate(rsp).filter { $0.severity == .error }.isEmpty, "\(HL7Validator.validate(rsp))")

        var mr = query
        try mr.set("QPD-4", to: "MR")
        let none = processor.process(mr, at: "20261122180100")
        #expect(none.response?["QAK-2"] == "NF")
        #expect(none.response?.segments(named: "OBR").isEmpty ?? false)

        var nobody = query
        try nobody.set("QPD-3", to: "")
        #expect(processor.process(nobody, at: "20261122180200").response?["MSA-1"] == "AE")
    }

    /// RCP-2 (quantity limit) is input: a negative one used to trap in `prefix`, taking the engine down.
    @Test mutating func priorsQueryWithANegativeOrHugeLimitIsAnsweredNotACrash() throws {
        _ = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "9.1", studyInstanceUID: Self.uid), at: "20261122093000")
        _ = processor.process(try Samples.message("oru_r01_report_final.hl7"), at: "20261122160000")
        var query = try Samples.message("qbp_q11_priors.hl7")
        try query.set("RCP-2", to: "-1")
        let negative = try #require(processor.process(query, at: "20261122180000").response)
        #expect(negative["MSA-1"] == "AA")
        #expect(negative.segments(named: "OBR").isEmpty)
        try query.set("RCP-2", to: "9223372036854775807")
        let huge = try #require(processor.process(query, at: "20261122180100").response)
        #expect(huge["OBR-3.1"] == "ACC20261122001")
        #expect(processor.priors(of: PatientIdentifier(id: "MRN100234", issuer: "GENHOSP"), limit: Int.min).isEmpty)
    }
}
