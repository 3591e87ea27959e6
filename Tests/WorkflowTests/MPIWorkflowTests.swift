import HL7
import Testing
@testable import Workflow

@Suite struct MPIWorkflowTests {
    static func adt(_ control: String, _ pid3: String, name: String, birth: String, sex: String, address: String = "",
                    phone: String = "", ssn: String = "", trigger: String = "A04", sender: String = "EPIC") -> String {
        """
        MSH|^~\\&|\(sender)|FAC|RADBRIDGE|RAD|20261123080000||ADT^\(trigger)^ADT_A01|\(control)|P|2.5.1
        EVN|\(trigger)|20261123080000
        PID|1||\(pid3)||\(name)||\(birth)|\(sex)|||\(address)||\(phone)||||||\(ssn)
        PV1|1|O
        """
    }

    static func pixQuery(_ control: String, _ identifier: String, domains: String = "") -> String {
        """
        MSH|^~\\&|PACS|FAC|RADBRIDGE|RAD|20261123090000||QBP^Q23^QBP_Q21|\(control)|P|2.5
        QPD|IHE PIX Query|Q\(control)|\(identifier)|\(domains)
        RCP|I
        """
    }

    var processor = WorkflowProcessor()

    mutating func file(_ text: String, at time: String = "20261123080000") throws -> WorkflowOutcome {
        let outcome = processor.process(try Samples.text(text), at: time)
        #expect(outcome.code == .AA, "\(outcome.issues)")
        return outcome
    }

    @Test mutating func samePersonAtTwoHospitalsIsLinkedAndNotified() throws {
        let first = try file(Self.adt("A1", "H100^^^HOSPA^MR", name: "SMITH^JONATHAN", birth: "19700312", sex: "M",
                                      address: "12 Oak Avenue^^Springfield^^12345", phone: "^PRN^PH^^^555^1234567"))
        #expect(first.pixUpdates.isEmpty)  // a new person: no link changed
        let second = try file(Self.adt("B1", "77^^^HOSPB^MR", name: "SMITH^JOHN", birth: "19700312", sex: "M",
                                       address: "12 Oak Ave^^Springfield^^12345", phone: "5551234567"))
        let a = try #require(processor.state.patients.resolve(PatientIdentifier(id: "H100", issuer: "HOSPA")))
        let b = try #require(processor.state.patients.resolve(PatientIdentifier(id: "77", issuer: "HOSPB")))
        #expect(a.id != b.id)
        #expect(processor.state.mpi.euid(of: a.id) == processor.state.mpi.euid(of: b.id))
        let euid = try #require(processor.state.mpi.euid(of: a.id))
        let a31 = try #require(second.pixUpdates.first)
        #expect(second.pixUpdates.count == 1)
        #expect(a31.header.messageType == "ADT^A31")
        #expect(a31["PID-3[1].1"] == "H100")
        #expect(a31["PID-3[1].4"] == "HOSPA")
        #expect(a31["PID-3[2].1"] == "77")
        #expect(a31["PID-3[2].4"] == "HOSPB")
        #expect(a31["PID-3[3].1"] == euid)
        #expect(a31["PID-3[3].4"] == "RADBRIDGE-EUID")
        #expect(a31["PV1-2"] == "N")
        #expect(HL7Validator.validate(a31).filter { $0.severity == .error }.isEmpty, "\(HL7Validator.validate(a31))")
        let audit = processor.state.mpi.audit.map(\.action)
        #expect(audit == [.assigned, .linked])
        #expect(processor.state.mpi.audit.last?.by == "auto")
    }

    @Test mutating func pixQueryAnswersOtherDomains() throws {
        _ = try file(Self.adt("A1", "H100^^^HOSPA^MR", name: "SMITH^JONATHAN", birth: "19700312", sex: "M", phone: "5551234567", ssn: "123456789"))
        _ = try file(Self.adt("B1", "77^^^HOSPB^MR", name: "SMITH^JON", birth: "19700312", sex: "M", ssn: "123-45-6789"))
        let all = processor.process(try Samples.text(Self.pixQuery("Q1", "H100^^^HOSPA")), at: "20261123090000")
        let rsp = try #require(all.response)
        #expect(rsp.header.messageType == "RSP^K23")
        #expect(rsp["MSH-9.3"] == "RSP_K23")
        #expect(rsp["MSA-1"] == "AA")
        #expect(rsp["MSA-2"] == "Q1")
        #expect(rsp["QAK-1"] == "QQ1")
        #expect(rsp["QAK-2"] == "OK")
        #expect(rsp["QPD-3.1"] == "H100")
        #expect(rsp["PID-3[1].1"] == "77")
        #expect(rsp["PID-3[1].4"] == "HOSPB")
        #expect(rsp["PID-3[2].4"] == "RADBRIDGE-EUID")
        #expect(rsp["PID-5.7"] == "S")
        #expect(HL7Validator.validate(rsp).filter { $0.severity == .error }.isEmpty, "\(HL7Validator.validate(rsp))")
        let only = processor.process(try Samples.text(Self.pixQuery("Q2", "77^^^HOSPB", domains: "^^^HOSPA")), at: "20261123090000").response
        #expect(only?["PID-3[1].1"] == "H100")
        #expect(only?["PID-3[2].1"] == nil)
        let unknownID = processor.process(try Samples.text(Self.pixQuery("Q3", "999^^^HOSPA")), at: "20261123090000").response
        #expect(unknownID?["MSA-1"] == "AE")
        #expect(unknownID?["QAK-2"] == "AE")
        #expect(unknownID?["ERR-2"] == "QPD^1^3^1^1")
        #expect(unknownID?["ERR-3.1"] == "204")
        #expect(unknownID?.segment(named: "PID") == nil)
        if let unknownID { #expect(HL7Validator.validate(unknownID).filter { $0.severity == .error }.isEmpty, "\(HL7Validator.validate(unknownID))") }
        let unknownDomain = processor.process(try Samples.text(Self.pixQuery("Q4", "H100^^^HOSPA", domains: "^^^NOWHERE")), at: "20261123090000").response
        #expect(unknownDomain?["QAK-2"] == "AE")
        #expect(unknownDomain?["ERR-2"] == "QPD^1^4^1^4")
    }

    @Test mutating func nationalIDInPID19LinksDeterministically() throws {
        _ = try file(Self.adt("A1", "H1^^^HOSPA^MR", name: "NGUYEN^ANNE", birth: "19850101", sex: "F", ssn: "111223333"))
        let out = try file(Self.adt("B1", "B9^^^HOSPB^MR", name: "NGUYEN-TRAN^ANN", birth: "19850110", sex: "F", ssn: "111-22-3333"))
        #expect(out.pixUpdates.count == 1)
        let euids = Set(processor.state.mpi.entries.keys.map { processor.state.mpi.euid(of: $0) })
        #expect(euids.count == 1)
        #expect(processor.state.mpi.audit.last?.reason.contains("national identifier") == true)
    }

    @Test mutating func reviewDecisionsAreDurableEventsAndUnlinkReverses() throws {
        var events: [WorkflowEvent] = []
        func send(_ text: String) throws {
            let message = try Samples.text(text)
            let event = WorkflowEvent.hl7(bytes: .init(message.encoded()), at: "20261123080000")
            events.append(event)
            _ = try processor.apply(event)
        }
        try send(Self.adt("A1", "H1^^^HOSPA^MR", name: "GARCIA^MARIA", birth: "19600505", sex: "F"))
        // Same name and birth date but nothing else to corroborate: a review, not a link.
        try send(Self.adt("B1", "B1^^^HOSPB^MR", name: "GARCIA^MARIA", birth: "19600505", sex: "F"))
        let review = try #require(processor.state.mpi.openReviews.first)
        #expect(processor.state.mpi.openReviews.count == 1)
        #expect(processor.state.mpi.euid(of: review.patientID) != processor.state.mpi.euid(of: review.candidatePatientID))
        #expect(MatchScorer.grade(review.score, MPIConfiguration()) == .probable)

        let decide = WorkflowEvent.mpiReviewDecided(id: review.id, decision: "link", by: "dr.who", at: "20261123100000")
        let linked = try processor.apply(decide)
        events.append(decide)
        #expect(linked.pixUpdates.count == 1)
        #expect(processor.state.mpi.euid(of: review.patientID) == processor.state.mpi.euid(of: review.candidatePatientID))
        #expect(processor.state.mpi.reviews[review.id]?.status == .linked)
        #expect(throws: WorkflowEventError.self) { try processor.apply(decide) }
        #expect(throws: WorkflowEventError.self) {
            try processor.apply(.mpiReviewDecided(id: review.id, decision: "maybe", by: "x", at: "20261123100000"))
        }

        let unlink = WorkflowEvent.mpiUnlinked(patientID: review.patientID, by: "dr.who", reason: "wrong person", at: "20261123110000")
        let unlinked = try processor.apply(unlink)
        events.append(unlink)
        #expect(unlinked.pixUpdates.count == 2)
        #expect(processor.state.mpi.euid(of: review.patientID) != processor.state.mpi.euid(of: review.candidatePatientID))
        #expect(processor.state.mpi.audit.map(\.action) == [.assigned, .assigned, .reviewOpened, .linked, .unlinked])
        #expect(processor.state.mpi.audit.last?.by == "dr.who")
        // An update of the unlinked record does not link it again.
        try send(Self.adt("B2", "B1^^^HOSPB^MR", name: "GARCIA^MARIA", birth: "19600505", sex: "F", trigger: "A08"))
        #expect(processor.state.mpi.euid(of: review.patientID) != processor.state.mpi.euid(of: review.candidatePatientID))

        // Replaying the stored events rebuilds the same identities.
        let replayed = WorkflowProcessor.replay(events, configuration: processor.configuration)
        for id in processor.state.mpi.entries.keys {
            #expect(replayed.state.mpi.euid(of: id) == processor.state.mpi.euid(of: id))
        }
        #expect(replayed.state.mpi.audit == processor.state.mpi.audit)
        #expect(replayed.state.mpi.reviews == processor.state.mpi.reviews)
    }

    @Test mutating func keepApartIsRemembered() throws {
        _ = try file(Self.adt("A1", "H1^^^HOSPA^MR", name: "KIM^DAVID", birth: "19900909", sex: "M"))
        _ = try file(Self.adt("B1", "B1^^^HOSPB^MR", name: "KIM^DAVID", birth: "19900909", sex: "M"))
        let review = try #require(processor.state.mpi.openReviews.first)
        let out = try processor.apply(.mpiReviewDecided(id: review.id, decision: "keep-apart", by: "clerk", at: "20261123100000"))
        #expect(out.pixUpdates.isEmpty)
        #expect(processor.state.mpi.reviews[review.id]?.status == .keptApart)
        #expect(processor.state.mpi.openReviews.isEmpty)
        #expect(processor.state.mpi.audit.last?.action == .keptApart)
    }

    @Test mutating func sameDomainConflictIsNeverLinkedAutomatically() throws {
        let d = "SMITH^JONATHAN", address = "12 Oak Avenue^^Springfield^^12345"
        _ = try file(Self.adt("A1", "H100^^^HOSPA^MR", name: d, birth: "19700312", sex: "M", address: address, phone: "5551234567"))
        _ = try file(Self.adt("A2", "H200^^^HOSPA^MR", name: d, birth: "19700312", sex: "M", address: address, phone: "5551234567"))
        #expect(Set(processor.state.mpi.entries.keys.map { processor.state.mpi.euid(of: $0) }).count == 2)
        #expect(processor.state.mpi.openReviews.first?.score.blocksAutomaticLink != nil)
    }

    @Test mutating func priorsAreFoundAcrossLinkedRecords() throws {
        _ = processor.process(try Samples.message("adt_a04_register.hl7"), at: "20261122083000")
        _ = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
        _ = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "9.1", studyInstanceUID: ChargeAndPriorTests.uid), at: "20261122093000")
        _ = processor.process(try Samples.message("oru_r01_report_final.hl7"), at: "20261122160000")
        #expect(!processor.priors(of: PatientIdentifier(id: "MRN100234", issuer: "GENHOSP")).isEmpty)
        // The same woman at another hospital: SSN in PID-19 matches the USSSA identifier.
        _ = try file(Self.adt("O1", "X55^^^OTHERHOSP^MR", name: "DOE^JANE", birth: "19710415", sex: "F", ssn: "998877665"))
        let other = PatientIdentifier(id: "X55", issuer: "OTHERHOSP")
        #expect(processor.state.euid(of: other) == processor.state.euid(of: PatientIdentifier(id: "MRN100234", issuer: "GENHOSP")))
        let priors = processor.priors(of: other)
        #expect(priors.count == 1)
        #expect(priors.first?.order.accessionNumber == "ACC20261122001")
        // QBP^Q11 by the other hospital's MRN lists the exam and its report.
        var query = try Samples.message("qbp_q11_priors.hl7")
        try query.setRaw(HL7Path("QPD-3"), to: Array("X55^^^OTHERHOSP".utf8))
        let rsp = try #require(processor.process(query, at: "20261122180000").response)
        #expect(rsp["QAK-2"] == "OK")
        #expect(rsp["OBR-3.1"] == "ACC20261122001")
        #expect(rsp["OBR-25"] == "F")
    }

    @Test mutating func worklistQueryByALinkedMRNAnswersInTheAskedDomain() throws {
        _ = processor.process(try Samples.message("adt_a04_register.hl7"), at: "20261122083000")
        _ = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
        var index = WorklistIndex(state: processor.state)
        #expect(index.find(WorklistQuery(patientID: "X55"), in: processor.state).isEmpty)
        _ = try file(Self.adt("O1", "X55^^^OTHERHOSP^MR", name: "DOE^JANE", birth: "19710415", sex: "F", ssn: "998877665"))
        index = WorklistIndex(state: processor.state)
        let items = index.find(WorklistQuery(patientID: "X55"), in: processor.state)
        #expect(items.count == index.find(WorklistQuery(patientID: "MRN100234")).count)
        #expect(!items.isEmpty)
        #expect(items.allSatisfy { $0.patientID == "X55" && $0.issuerOfPatientID == "OTHERHOSP" })
        #expect(items.first?.accessionNumber == "ACC20261122001")
        let withIssuer = index.find(WorklistQuery(patientID: "X55", issuerOfPatientID: "OTHERHOSP"), in: processor.state)
        #expect(withIssuer.count == items.count)
        // The local identifier is still answered as it is.
        #expect(index.find(WorklistQuery(patientID: "MRN100234"), in: processor.state).allSatisfy { $0.patientID == "MRN100234" })
        #expect(index.find(WorklistQuery(patientID: "X55", issuerOfPatientID: "GENHOSP"), in: processor.state).isEmpty)
    }

    @Test mutating func pdqFindsByNameBirthDateAndIdentifier() throws {
        _ = try file(Self.adt("A1", "H1^^^HOSPA^MR", name: "PETROV^OLGA", birth: "19800101", sex: "F", address: "1 Main St^^Springfield^^12345"))
        _ = try file(Self.adt("A2", "H2^^^HOSPA^MR", name: "PETROVA^OLGA", birth: "19800101", sex: "F"))
        _ = try file(Self.adt("A3", "H3^^^HOSPA^MR", name: "PETROV^IVAN", birth: "19500505", sex: "M"))
        func pdq(_ control: String, _ qpd3: String, domains: String = "") throws -> HL7Message {
            let text = """
            MSH|^~\\&|PACS|FAC|RADBRIDGE|RAD|20261123090000||QBP^Q22^QBP_Q21|\(control)|P|2.5
            QPD|IHE PDQ Query|T\(control)|\(qpd3)|||||\(domains)
            RCP|I|10^RD
            """
            return try #require(processor.process(try Samples.text(text), at: "20261123090000").response)
        }
        let exact = try pdq("P1", "@PID.5.1.1^PETROV")
        #expect(exact["QAK-2"] == "OK")
        #expect(exact.segments(named: "PID").count == 2)
        #expect(exact["PID-3.1"] == "H1")
        #expect(exact["PID-11.5"] == "12345")
        let prefix = try pdq("P2", "@PID.5.1.1^PETROV*~@PID.5.2^OLGA")
        #expect(prefix.segments(named: "PID").map { $0.field(3)?.firstValue ?? "" } == ["H1", "H2"])
        let byID = try pdq("P3", "@PID.3.1^H3~@PID.3.4^HOSPA")
        #expect(byID.segments(named: "PID").count == 1)
        #expect(byID["PID-5.2"] == "IVAN")
        #expect(byID["PID-7"] == "19500505")
        let none = try pdq("P4", "@PID.5.1.1^PETROV~@PID.7.1^19990101")
        #expect(none["QAK-2"] == "NF")
        #expect(none.segments(named: "PID").isEmpty)
        let unknownDomain = try pdq("P5", "@PID.5.1.1^PETROV", domains: "^^^NOWHERE")
        #expect(unknownDomain["MSA-1"] == "AE")
        #expect(unknownDomain["ERR-2"] == "QPD^1^8^1^4")
    }
}
