import HL7
import Testing
@testable import Workflow

/// What real feeds send besides the textbook, applied as far as its meaning is certain and
/// accepted with a warning (issue 16): appointments before their orders, SIU without SCH, an MRN
/// in PID-2 only, an order message carrying a patient only.
@Suite struct RealFeedWorkflowTests {
    var processor = WorkflowProcessor(configuration: WorkflowConfiguration(stationAETitles: ["CT1": "CT_NORTH_1"]))

    @Test mutating func anAppointmentBeforeItsOrderIsHeldAndAppliedWhenTheOrderArrives() throws {
        let early = processor.process(try Samples.message("siu_s12_book.hl7"), at: "20261122080000")
        #expect(early.code == .AA)
        #expect(early.warnings.map(\.code) == [.unknownKeyIdentifier])
        #expect(early.response?["ERR-4"] == "W")
        #expect(processor.state.pendingAppointments.count == 1)
        let placed = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
        #expect(placed.code == .AA)
        #expect(placed.issues.contains { $0.severity == .information && $0.text.contains("SIU0001") })
        let step = try #require(processor.state.order(accession: "ACC20261122001")?.steps.first)
        #expect(step.startDateTime == "20261123090000")
        #expect(step.stationAETitle == "CT_NORTH_1")
        #expect(processor.state.pendingAppointments.isEmpty)
    }

    @Test mutating func aCancelledAppointmentIsNoLongerHeld() throws {
        _ = processor.process(try Samples.message("siu_s12_book.hl7"), at: "20261122080000")
        var cancel = try Samples.message("siu_s12_book.hl7")
        try cancel.set("MSH-9.2", to: "S15")
        try cancel.set("MSH-10", to: "SIU0002")
        let cancelled = processor.process(cancel, at: "20261122080100")
        #expect(cancelled.code == .AA)
        #expect(cancelled.warnings.first?.text.contains("was cancelled") ?? false)
        #expect(processor.state.pendingAppointments.isEmpty)
        _ = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
        // The order keeps its own timing, not the cancelled appointment's.
        #expect(processor.state.order(accession: "ACC20261122001")?.steps.first?.startDateTime != "20261123090000")
    }

    @Test mutating func anSIUWithoutSCHChangesNothing() throws {
        let siu = try HL7Message("MSH|^~\\&|S|F|R|F|20261122||SIU^S12|X1|P|2.5\rPID|1||MRN1^^^H^MR||DOE^JO\r")
        let outcome = processor.process(siu, at: "20261122080000")
        #expect(outcome.code == .AA)
        #expect(outcome.warnings.map(\.location?.segment) == ["SCH"])
        #expect(processor.state.patients.patients.isEmpty && processor.state.pendingAppointments.isEmpty)
    }

    @Test mutating func anMRNInPID2OnlyIdentifiesThePatient() throws {
        let adt = try HL7Message("MSH|^~\\&|S|F|R|F|20261122||ADT^A04|X2|P|2.7\rEVN|\rPID|1|12345\rPV1|1\r")
        let outcome = processor.process(adt, at: "20261122080000")
        #expect(outcome.code == .AA)
        #expect(outcome.warnings.map(\.location) == [HL7ErrorLocation(segment: "PID", field: 3)])
        #expect(processor.state.patients.resolve(PatientIdentifier(id: "12345", issuer: "")) != nil)
        // Neither PID-3 nor PID-2: nobody to register.
        let none = try HL7Message("MSH|^~\\&|S|F|R|F|20261122||ADT^A04|X3|P|2.7\rPID|1\r")
        #expect(processor.process(none, at: "20261122080100").code == .AE)
    }

    @Test mutating func anOrderMessageWithAPatientOnlyAppliesThePatient() throws {
        let orm = try HL7Message("MSH|^~\\&|EPIC||||20191107||ORM^O01|23|T|2.3\rPID|1||MRN_123^^^IDX^MRN||Smith^John||19600101|M\r")
        let outcome = processor.process(orm, at: "20261122080000")
        #expect(outcome.code == .AA)
        #expect(outcome.response?["MSA-1"] == "AA")
        #expect(outcome.warnings.map(\.location?.segment) == ["ORC"])
        #expect(processor.state.patients.resolve(PatientIdentifier(id: "MRN_123", issuer: "IDX"))?.name.family == "Smith")
        let empty = try HL7Message("MSH|^~\\&|EPIC||||20191107||ORM^O01|24|T|2.3\r")
        #expect(processor.process(empty, at: "20261122080100").code == .AE)
    }
}
