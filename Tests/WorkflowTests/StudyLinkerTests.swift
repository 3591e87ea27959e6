import Testing
@testable import Workflow

@Suite struct StudyLinkerTests {
    static let uid = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"

    static func state() throws -> WorkflowState {
        var processor = WorkflowProcessor()
        _ = processor.process(try Samples.message("adt_a04_register.hl7"), at: "20261122083000")
        _ = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
        _ = processor.process(try Samples.message("orm_o01_philips_zph.hl7"), at: "20261122130000")
        return processor.state
    }

    func instance(patient: String = "MRN100234", issuer: String = "", accession: String = "ACC20261122001",
                  study: String = uid) -> ReceivedInstance {
        ReceivedInstance(patientID: patient, issuerOfPatientID: issuer, accessionNumber: accession, studyInstanceUID: study,
                         seriesInstanceUID: "1.2.3.4", sopInstanceUID: "1.2.3.4.5")
    }

    @Test func matchingInstanceIsLinked() throws {
        let linker = StudyLinker(state: try Self.state())
        let order = try #require(linker.state.order(accession: "ACC20261122001"))
        #expect(linker.decide(instance()) == .linked(orderID: order.id, notes: []))
        #expect(linker.decide(instance(issuer: "GENHOSP")) == .linked(orderID: order.id, notes: []))
        // The social security number is the same person too.
        #expect(linker.decide(instance(patient: "998877665")) == .linked(orderID: order.id, notes: []))
    }

    @Test func modalityGeneratedStudyUIDIsLinkedWithANote() throws {
        let linker = StudyLinker(state: try Self.state())
        guard case .linked(_, let notes) = linker.decide(instance(study: "1.2.3.999")) else {
            Issue.record("not linked")
            return
        }
        #expect(notes.count == 1)
    }

    @Test(arguments: [
        ("MRN999", "", "ACC20261122001", uid, "does not match order"),
        ("MRN100234", "OTHERHOSP", "ACC20261122001", uid, "does not match order"),
        ("MRN100234", "", "NOPE", "9.9", "no order"),
        ("MRN100234", "", "SHACC5521", uid, "belongs to order"),
        ("MRN100234", "", "", uid, "no accession"),
        ("SH-000731", "", "ACC20261122001", uid, "does not match order"),
    ])
    func mismatchesAreQuarantined(patient: String, issuer: String, accession: String, study: String, reason: String) throws {
        let linker = StudyLinker(state: try Self.state())
        guard case .quarantined(let why) = linker.decide(instance(patient: patient, issuer: issuer, accession: accession, study: study)) else {
            Issue.record("filed: \(patient) \(accession)")
            return
        }
        #expect(why.contains(reason), "\(why)")
    }
}
