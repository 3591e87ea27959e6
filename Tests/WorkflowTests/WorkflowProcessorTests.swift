import HL7
import Testing
@testable import Workflow

@Suite struct WorkflowProcessorTests {
    var processor = WorkflowProcessor()

    mutating func placeGEOrder() throws -> WorkflowOutcome {
        _ = processor.process(try Samples.message("adt_a04_register.hl7"), at: "20261122083000")
        return processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
    }

    @Test mutating func newOrderIsAnsweredWithORRAndScheduled() throws {
        let outcome = try placeGEOrder()
        #expect(outcome.code == .AA)
        let orr = try #require(outcome.response)
        #expect(orr.header.messageType == "ORR^O02")
        #expect(orr["MSA-1"] == "AA")
        #expect(orr["MSA-2"] == "ORM0001")
        #expect(orr["ORC-1"] == "OK")
        #expect(orr["ORC-3.1"] == "ACC20261122001")
        #expect(orr["ORC-5"] == "SC")
        #expect(orr["PID-3[1].1"] == "MRN100234")
        let order = try #require(processor.state.order(accession: "ACC20261122001"))
        #expect(order.state == .scheduled)
        #expect(order.studyInstanceUID == "1.2.840.113619.2.55.3.2831164356.789.1732264700.1")
        #expect(order.procedure == CodedValue(code: "CTCHESTC", text: "CT Chest with contrast", codingScheme: "L"))
        #expect(order.requestedProcedureID == "RP001")
        #expect(order.steps.map(\.id) == ["SPS001"])
        #expect(order.steps[0].modality == "CT")
        #expect(order.steps[0].startDateTime == "20261122093000")
        #expect(order.history.map(\.to) == [.ordered, .scheduled])
        #expect(order.history[0].cause.description.contains("ORM0001"))
        #expect(processor.state.patient(of: order)?.name.dicom == "DOE^JANE^MARIE")
    }

    @Test mutating func changeKeepsIdentifiersAndMovesTheStep() throws {
        _ = try placeGEOrder()
        var change = try Samples.message("orm_o01_change_xo.hl7")
        try change.set("ZDS-1", to: "9.9.9")
        let outcome = processor.process(change, at: "20261122090000")
        #expect(outcome.response?["ORC-1"] == "XR")
        let order = try #require(processor.state.order(accession: "ACC20261122001"))
        #expect(order.steps[0].startDateTime == "20261122110000")
        #expect(order.studyInstanceUID == "1.2.840.113619.2.55.3.2831164356.789.1732264700.1")
        #expect(order.history.last?.event == .change)
    }

    @Test mutating func cancelTakesTheOrderOffTheWorklist() throws {
        _ = try placeGEOrder()
        var worklist = WorklistIndex(state: processor.state)
        #expect(worklist.find(WorklistQuery(accessionNumber: "ACC20261122001")).count == 1)
        let outcome = processor.process(try Samples.message("orm_o01_cancel_ca.hl7"), at: "20261122090000")
        #expect(outcome.response?["ORC-1"] == "CR")
        #expect(outcome.response?["ORC-5"] == "CA")
        worklist.update(orderIDs: outcome.changedOrders, in: processor.state)
        #expect(worklist.find(WorklistQuery(accessionNumber: "ACC20261122001")).isEmpty)
        #expect(processor.state.order(accession: "ACC20261122001")?.steps.first?.status == .discontinued)
    }

    @Test mutating func illegalChangesAreRefusedWithReasons() throws {
        _ = try placeGEOrder()
        // The same order again (same placer number, accession and patient): a change, with a warning.
        let repeated = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084600")
        #expect(repeated.code == .AA)
        #expect(repeated.response?["ORC-1"] == "OK")
        #expect(repeated.warnings.map(\.code) == [.duplicateKeyIdentifier])
        #expect(processor.state.orders.count == 1)
        #expect(processor.state.order(accession: "ACC20261122001")?.history.last?.event == .change)
        // The same accession from another placer order: refused, it would file two orders under one accession.
        var other = try Samples.message("orm_o01_new_ge_zds.hl7")
        try other.set("ORC-2.1", to: "OTHER-PLACER")
        try other.set("OBR-2.1", to: "OTHER-PLACER")
        let duplicate = processor.process(other, at: "20261122084700")
        #expect(duplicate.code == .AE)
        #expect(duplicate.response?["ORC-1"] == "UA")
        #expect(duplicate.response?["ERR-1"]?.contains("205") ?? false)
        // Cancel after the procedure started.
        _ = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "1.2.3.4",
                                                   studyInstanceUID: "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"))
        let cancel = processor.process(try Samples.message("orm_o01_cancel_ca.hl7"), at: "20261122093500")
        #expect(cancel.code == .AE)
        #expect(cancel.response?["ORC-1"] == "UC")
        #expect(processor.state.order(accession: "ACC20261122001")?.state == .inProgress)
        // A change of an unknown order without its procedure: nothing to apply.
        var unknown = try Samples.message("orm_o01_change_xo.hl7")
        try unknown.set("OBR-3.1", to: "NOPE")
        try unknown.set("ORC-2.1", to: "NOPE")
        try unknown.set("OBR-4", to: "")
        let missing = processor.process(unknown, at: "20261122093600")
        #expect(missing.response?["ORC-1"] == "UX")
        #expect(missing.issues.map(\.code) == [.unknownKeyIdentifier])
    }

    @Test mutating func aChangeOfAnUnknownOrderWithItsProcedurePlacesIt() throws {
        var change = try Samples.message("orm_o01_change_xo.hl7")
        try change.set("ORC-1", to: "XR")
        let outcome = processor.process(change, at: "20261122093600")
        #expect(outcome.code == .AA)
        #expect(outcome.response?["ORC-1"] == "XR")
        #expect(outcome.warnings.map(\.code) == [.unknownKeyIdentifier])
        let order = try #require(processor.state.order(accession: "ACC20261122001"))
        #expect(order.history.first?.cause.detail.contains("ORC-1=XR") ?? false)
        // A code of table 0119 that is no order action here changes nothing and is not refused;
        // one outside the table is.
        try change.set("ORC-1", to: "AF")
        let refill = processor.process(change, at: "20261122093700")
        #expect(refill.code == .AA && refill.warnings.map(\.code) == [.tableValueNotFound])
        #expect(processor.state.orders.count == 1)
        try change.set("ORC-1", to: "Q9")
        #expect(processor.process(change, at: "20261122093800").code == .AE)
    }

    @Test mutating func aChangeDuringTheExamKeepsItsProcedure() throws {
        _ = try placeGEOrder()
        _ = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "1.2.3.4",
                                                   studyInstanceUID: "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"))
        // XO with the same procedure: details change, the exam goes on.
        let priority = processor.process(try Samples.message("orm_o01_change_xo.hl7"), at: "20261122093600")
        #expect(priority.code == .AA, "\(priority.issues)")
        #expect(processor.state.order(accession: "ACC20261122001")?.state == .inProgress)
        // XO with another procedure: refused while the exam is in progress.
        var other = try Samples.message("orm_o01_change_xo.hl7")
        try other.setRaw(HL7Path("OBR-4"), to: Array("OTHER^Another procedure^L".utf8))
        let refused = processor.process(other, at: "20261122093700")
        #expect(refused.code == .AE)
        #expect(refused.response?["ORC-1"] == "UX")
        #expect(refused.issues.map(\.code) == [.applicationRecordLocked])
    }

    @Test mutating func procedureStepsMoveTheOrderAndNotifyTheRIS() throws {
        _ = try placeGEOrder()
        let uid = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"
        let started = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "1.2.3.9", studyInstanceUID: uid), at: "20261122093100")
        let update = try #require(started.statusUpdates.first)
        #expect(update.header.messageType == "ORM^O01")
        #expect(update["ORC-1"] == "SC")
        #expect(update["ORC-5"] == "IP")
        #expect(update["ORC-3.1"] == "ACC20261122001")
        #expect(update["PID-3.1"] == "MRN100234")
        #expect(update["ZDS-1.1"] == uid)
        #expect(HL7Validator.validate(update).filter { $0.severity == .error }.isEmpty, "\(HL7Validator.validate(update))")
        let done = try processor.apply(ProcedureStepEvent(status: .completed, performedStepUID: "1.2.3.9", studyInstanceUID: uid), at: "20261122094500")
        #expect(done.statusUpdates.first?["ORC-5"] == "CM")
        #expect(done.statusUpdates.first?.header.controlID != update.header.controlID)
        // A step the order is already past changes nothing and tells the RIS nothing.
        let late = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "x", studyInstanceUID: uid))
        #expect(late.statusUpdates.isEmpty && late.changedOrders.isEmpty)
        #expect(throws: WorkflowProcessor.ProcedureStepError.self) {
            try processor.apply(ProcedureStepEvent(status: .discontinued, performedStepUID: "x", studyInstanceUID: uid))
        }
        #expect(throws: WorkflowProcessor.ProcedureStepError.noMatchingOrder("study UID '9.9' / accession ''")) {
            try processor.apply(ProcedureStepEvent(status: .completed, performedStepUID: "x", studyInstanceUID: "9.9"))
        }
        #expect(processor.state.order(accession: "ACC20261122001")?.state == .completed)
    }

    @Test mutating func mergeMovesOrdersToTheSurvivor() throws {
        // An order filed under the identifier that the A40 retires.
        var order = try Samples.message("orm_o01_siemens_zsi.hl7")
        try order.set("PID-3", to: "")
        try order.setRaw(HL7Path("PID-3"), to: Array("MRN555001^^^GENHOSP^MR".utf8))
        #expect(processor.process(order, at: "20261122120000").code == .AA)
        _ = processor.process(try Samples.message("adt_a04_register.hl7"), at: "20261122120100")
        let merge = processor.process(try Samples.message("adt_a40_merge.hl7"), at: "20261122120200")
        #expect(merge.code == .AA)
        #expect(merge.response?["MSA-1"] == "AA")
        let survivor = try #require(processor.state.patients.resolve(PatientIdentifier(id: "MRN555001", issuer: "GENHOSP")))
        #expect(survivor.primaryIdentifier?.id == "MRN100234")
        let worklist = WorklistIndex(state: processor.state)
        #expect(worklist.find(WorklistQuery(patientID: "MRN100234")).map(\.accessionNumber) == ["NCACC0091"])
        #expect(worklist.find(WorklistQuery(patientID: "MRN555001")).isEmpty)
        #expect(processor.state.patients.merges.count == 1)
        // The same merge again: the prior identifier already resolves to the survivor.
        let again = processor.process(try Samples.message("adt_a40_merge.hl7"), at: "20261122120300")
        #expect(again.code == .AA)
        #expect(again.issues.map(\.code) == [.messageAccepted] && again.issues.first?.severity == .information)
        #expect(processor.state.patients.merges.count == 1)
    }

    @Test mutating func mergeOfAnUnknownIdentifierKeepsItAsMerged() throws {
        let merge = processor.process(try Samples.message("adt_a40_merge.hl7"), at: "20261122120200")
        #expect(merge.code == .AA)
        #expect(merge.warnings.map(\.code) == [.unknownKeyIdentifier])
        #expect(merge.response?["ERR-2"] == "MRG^1^1^1")
        #expect(merge.response?["ERR-4"] == "W")
        // A later message naming the retired identifier finds the survivor.
        let survivor = try #require(processor.state.patients.resolve(PatientIdentifier(id: "MRN555001", issuer: "GENHOSP")))
        #expect(survivor.primaryIdentifier?.id == "MRN100234")
    }

    @Test mutating func bookingSetsStationAndTime() throws {
        processor = WorkflowProcessor(configuration: WorkflowConfiguration(stationAETitles: ["CT1": "CT_NORTH_1"]))
        _ = try placeGEOrder()
        let booked = processor.process(try Samples.message("siu_s12_book.hl7"), at: "20261122150000")
        #expect(booked.code == .AA)
        let step = try #require(processor.state.order(accession: "ACC20261122001")?.steps.first)
        #expect(step.startDateTime == "20261123090000")
        #expect(step.stationAETitle == "CT_NORTH_1")
        #expect(step.location == "CT1")
        #expect(step.stationName == "CT SCANNER 1")
        let worklist = WorklistIndex(state: processor.state)
        #expect(worklist.find(WorklistQuery(stationAETitle: "CT_NORTH_1")).count == 1)
        #expect(worklist.find(WorklistQuery(modality: "CT", startDate: "20261123")).count == 1)
        #expect(worklist.find(WorklistQuery(modality: "CT", startDate: "20261122")).isEmpty)
    }

    @Test mutating func ordersWithoutAccessionGetOneAssigned() throws {
        var order = try Samples.message("oml_o21_new_order.hl7")
        #expect(order["OBR-3"] == nil || order["OBR-3"] == "")
        let outcome = processor.process(order, at: "20261122140000")
        #expect(outcome.code == .AA)
        #expect(outcome.response?["ORC-3.1"] == "RB1")
        let placed = try #require(processor.state.order(accession: "RB1"))
        #expect(placed.studyInstanceUID == "1.2.826.0.1.3680043.10.999.1.1.20261122140000")
        #expect(placed.procedure.code == "24627-2")

        processor = WorkflowProcessor(configuration: WorkflowConfiguration(assignAccessionNumbers: false))
        try order.set("MSH-10", to: "OML0002")
        let refused = processor.process(order, at: "20261122140000")
        #expect(refused.code == .AE)
        #expect(refused.response?["ORC-1"] == "UA")
    }
}
