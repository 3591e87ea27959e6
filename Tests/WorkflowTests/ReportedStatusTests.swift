import HL7
import Testing
@testable import Workflow

/// ORC-1 SC with ORC-5 from a RIS that is authoritative for the lifecycle (and may not use MPPS).
@Suite struct ReportedStatusTests {
    static let uid = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"
    static let accession = "ACC20261122001"
    var processor = WorkflowProcessor()

    init() throws {
        _ = processor.process(try Samples.message("adt_a04_register.hl7"), at: "20261122083000")
        _ = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
    }

    /// The RIS's status message with ORC-5 = `status` (HL7 v2.3 unless told otherwise).
    static func status(_ status: String, controlID: String, version: String? = nil) throws -> HL7Message {
        var message = try Samples.message("orm_o01_status_in_progress.hl7")
        try message.set("ORC-5", to: status)
        try message.set("MSH-10", to: controlID)
        if let version { try message.set("MSH-12", to: version) }
        return message
    }

    var order: Order? { processor.state.order(accession: Self.accession) }

    @Test func forwardPathsTakeTheShortestRoute() {
        #expect(OrderStateMachine.forwardPath(from: .scheduled, to: .completed) == [.start, .complete])
        #expect(OrderStateMachine.forwardPath(from: .ordered, to: .arrived) == [.arrive])
        #expect(OrderStateMachine.forwardPath(from: .ordered, to: .completed) == [.start, .complete])
        #expect(OrderStateMachine.forwardPath(from: .held, to: .inProgress) == [.release, .start])
        #expect(OrderStateMachine.forwardPath(from: .cancelled, to: .completed) == nil)
        #expect(OrderStateMachine.forwardPath(from: .completed, to: .inProgress) == nil)
        #expect(OrderStateMachine.forwardPath(from: .inProgress, to: .cancelled) == nil)
    }

    @Test func orderStatusCodesNameTheirStates() {
        let codes = ["SC", "A", "IP", "CM", "CA", "DC", "HD"]
        #expect(codes.compactMap { ReportedStatus(orderStatus: $0)?.state }
            == [.scheduled, .arrived, .inProgress, .completed, .cancelled, .discontinued, .held])
        #expect(ReportedStatus(orderStatus: "ER") == nil && ReportedStatus(orderStatus: "") == nil)
    }

    @Test func skippedStatesAreRecordedAsImplied() throws {
        var order = try #require(self.order)
        let cause = TransitionCause(.hl7, "ORM^O01 ORC-1=SC control ID X")
        #expect(try order.apply(ReportedStatus(state: .completed, code: "CM"), cause: cause, at: "20261122094500") == .applied)
        #expect(order.state == .completed)
        let steps = order.history.suffix(2)
        #expect(steps.map(\.from) == [.scheduled, .inProgress])
        #expect(steps.map(\.to) == [.inProgress, .completed])
        #expect(steps.map(\.implied) == [true, false])
        #expect(steps.allSatisfy { $0.cause == cause && $0.at == "20261122094500" })
    }

    @Test mutating func completionFromTheRISPostsOneCharge() throws {
        let done = processor.process(try Self.status("CM", controlID: "ORM0101"), at: "20261122094500")
        #expect(done.code == .AA)
        #expect(done.response?["ORC-1"] == "SC" && done.response?["ORC-5"] == "CM")
        #expect(done.charges.count == 1)
        #expect(done.charges.first?["FT1-23"] == Self.accession)
        let order = try #require(self.order)
        #expect(order.state == .completed)
        #expect(order.history.map(\.to) == [.ordered, .scheduled, .inProgress, .completed])
        #expect(order.history.map(\.implied) == [false, false, true, false])
        #expect(order.history.last?.cause.description.contains("ORM0101") ?? false)
        #expect(order.steps.allSatisfy { $0.status == .completed })

        // CM again, then the modality's MPPS too: accepted, nothing moves, nothing more is posted.
        let again = processor.process(try Self.status("CM", controlID: "ORM0102"), at: "20261122094600")
        #expect(again.code == .AA && again.issues.isEmpty && again.charges.isEmpty)
        let mpps = try processor.apply(ProcedureStepEvent(status: .completed, performedStepUID: "9.1", studyInstanceUID: Self.uid), at: "20261122094700")
        #expect(mpps.charges.isEmpty && mpps.statusUpdates.isEmpty)
        #expect(self.order?.history.count == 4)
        #expect(processor.state.chargesPosted.count == 1)
    }

    @Test mutating func mppsCompletionAfterTheRISStartedPostsOnce() throws {
        #expect(processor.process(try Self.status("IP", controlID: "ORM0101"), at: "20261122093000").code == .AA)
        let done = try processor.apply(ProcedureStepEvent(status: .completed, performedStepUID: "9.1", studyInstanceUID: Self.uid), at: "20261122094500")
        #expect(done.charges.count == 1)
        let cm = processor.process(try Self.status("CM", controlID: "ORM0102"), at: "20261122094600")
        #expect(cm.code == .AA && cm.charges.isEmpty)
    }

    @Test mutating func completionAfterCancelIsRefusedWithTheRule() throws {
        #expect(processor.process(try Samples.message("orm_o01_cancel_ca.hl7"), at: "20261122090000").code == .AA)
        let refused = processor.process(try Self.status("CM", controlID: "ORM0101"), at: "20261122094500")
        #expect(refused.code == .AE)
        #expect(refused.charges.isEmpty)
        #expect(refused.issues.map(\.code) == [.applicationRecordLocked])
        let text = "order ACC20261122001 is cancelled: CM is not allowed (a cancelled order is closed; a new order (NW) is needed)"
        #expect(refused.issues.first?.text == text)
        #expect(refused.issues.first?.location == HL7ErrorLocation(segment: "ORC", field: 5))
        // v2.3: the text in MSA-3, the code in ERR-1.
        let orr = try #require(refused.response)
        #expect(orr["MSA-1"] == "AE" && orr["MSA-3"] == text)
        #expect(orr["ORC-1"] == "UA")
        #expect(orr["ERR-1.4.1"] == "206" && orr["ERR-1.4.2"] == "Application record locked")
        #expect(order?.state == .cancelled)

        // v2.5: ERR-3 and ERR-8.
        let modern = processor.process(try Self.status("CM", controlID: "ORM0102", version: "2.5.1"), at: "20261122094600")
        #expect(modern.response?["ERR-3.1"] == "206" && modern.response?["ERR-8"] == text)
        #expect(modern.response?["ERR-2"] == "ORC^1^5^1")
    }

    @Test mutating func finalOrdersTakeOnlyTheirOwnStatus() throws {
        _ = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "9.1", studyInstanceUID: Self.uid), at: "20261122093000")
        _ = processor.process(try Samples.message("oru_r01_report_final.hl7"), at: "20261122160000")
        #expect(order?.state == .final)
        #expect(processor.process(try Self.status("CM", controlID: "ORM0101"), at: "20261122160100").code == .AA)
        let refused = processor.process(try Self.status("IP", controlID: "ORM0102"), at: "20261122160200")
        #expect(refused.code == .AE)
        #expect(refused.issues.first?.text.hasPrefix("order ACC20261122001 is final: IP is not allowed (the report is final") ?? false)
        #expect(refused.charges.isEmpty)
        #expect(order?.state == .final)
    }

    @Test mutating func aStatusTheOrderIsPastChangesNothingAndSaysSo() throws {
        _ = processor.process(try Self.status("CM", controlID: "ORM0101"), at: "20261122094500")
        let late = processor.process(try Self.status("IP", controlID: "ORM0102"), at: "20261122094600")
        #expect(late.code == .AA)
        #expect(late.issues.map(\.severity) == [.information])
        #expect(late.issues.first?.text == "order ACC20261122001 is already completed: IP changes nothing")
        #expect(order?.state == .completed && order?.history.count == 4)
    }

    @Test mutating func arrivalHoldAndDiscontinue() throws {
        #expect(processor.process(try Self.status("A", controlID: "ORM0101"), at: "20261122090000").code == .AA)
        #expect(order?.state == .arrived)
        // Arrived orders cannot be held, and the refusal says why.
        let hold = processor.process(try Self.status("HD", controlID: "ORM0102"), at: "20261122090100")
        #expect(hold.code == .AE && (hold.issues.first?.text.contains("an arrived order cannot be held") ?? false))
        #expect(processor.process(try Self.status("IP", controlID: "ORM0103"), at: "20261122090200").code == .AA)
        let cancel = processor.process(try Self.status("CA", controlID: "ORM0104"), at: "20261122090300")
        #expect(cancel.issues.first?.text.hasSuffix("(the exam has started; it can be discontinued (DC), not cancelled)") ?? false)
        #expect(processor.process(try Self.status("DC", controlID: "ORM0105"), at: "20261122090400").code == .AA)
        #expect(order?.state == .discontinued)
        #expect(order?.history.last?.event == .abandon)
        #expect(processor.state.chargesPosted.isEmpty)
    }

    @Test mutating func aHeldOrderTheRISGoesAheadWithIsReleasedImplicitly() throws {
        #expect(processor.process(try Self.status("HD", controlID: "ORM0101"), at: "20261122090000").code == .AA)
        #expect(order?.state == .held)
        let again = processor.process(try Self.status("HD", controlID: "ORM0103"), at: "20261122090100")
        #expect(again.code == .AA && again.issues.isEmpty && order?.history.count == 3)
        let done = processor.process(try Self.status("CM", controlID: "ORM0102"), at: "20261122094500")
        #expect(done.code == .AA && done.charges.count == 1)
        let steps = try #require(order?.history.suffix(3))
        #expect(steps.map(\.to) == [.ordered, .inProgress, .completed])
        #expect(steps.map(\.implied) == [true, true, false])
    }

    @Test mutating func illegalControlsNameTheOrderAndTheRule() throws {
        _ = try processor.apply(ProcedureStepEvent(status: .inProgress, performedStepUID: "9.1", studyInstanceUID: Self.uid), at: "20261122093000")
        let cancel = processor.process(try Samples.message("orm_o01_cancel_ca.hl7"), at: "20261122093500")
        #expect(cancel.code == .AE && cancel.response?["ORC-1"] == "UC")
        #expect(cancel.issues.map(\.code) == [.applicationRecordLocked])
        #expect(cancel.issues.first?.text == "order ACC20261122001 is in-progress: CA is not allowed (the exam has started; it can be discontinued (DC), not cancelled)")
        #expect(cancel.issues.first?.location == HL7ErrorLocation(segment: "ORC", field: 1))
    }
}
