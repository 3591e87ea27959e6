import HL7
import Testing
@testable import Workflow

@Suite struct ReportTests {
    var processor: WorkflowProcessor

    init() throws {
        var configuration = WorkflowConfiguration()
        configuration.criticalAcknowledgeWithin = 120
        configuration.criticalChain = ["ORDERING", "ATTENDING", "CHIEF"]
        processor = WorkflowProcessor(configuration: configuration)
        _ = processor.process(try Samples.message("adt_a04_register.hl7"), at: "20261122083000")
        _ = processor.process(try Samples.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500")
    }

    @Test mutating func versionsFollowPreliminaryFinalCorrected() throws {
        let p = processor.process(try Samples.message("oru_r01_report_preliminary.hl7"), at: "20261122160000")
        #expect(p.code == .AA)
        #expect(p.reportsToForward.map(\.header.controlID) == ["ORU0001"])
        #expect(processor.state.order(accession: "ACC20261122001")?.state == .preliminary)
        _ = processor.process(try Samples.message("oru_r01_report_final.hl7"), at: "20261122161000")
        #expect(processor.state.order(accession: "ACC20261122001")?.state == .final)
        let c = processor.process(try Samples.message("oru_r01_report_corrected.hl7"), at: "20261122162000")
        #expect(c.code == .AA)
        let order = try #require(processor.state.order(accession: "ACC20261122001"))
        #expect(order.state == .final)
        let report = try #require(processor.state.report(of: order))
        #expect(report.versions.map(\.status) == [.preliminary, .final, .corrected])
        #expect(report.current.text(of: .impression).contains("Small RIGHT pleural effusion"))
        #expect(report.versions[1].text(of: .impression) == "1. No pulmonary embolism.\n2. Small left pleural effusion.")
        #expect(report.current.text(of: .exam) == "CT CHEST WITH IV CONTRAST")
        #expect(report.current.text(of: .indications).hasPrefix("Shortness of breath"))
        #expect(report.versions[1].text(of: .recommendations) == "Clinical follow-up.")
        #expect(report.versions[1].interpreter.family == "JONES")
        #expect(order.history.suffix(3).map(\.event) == [.preliminaryReport, .finalReport, .correctedReport])
        #expect(report.current.criticalReasons.isEmpty)
    }

    @Test mutating func correctionWithoutFinalIsRefused() throws {
        let c = processor.process(try Samples.message("oru_r01_report_corrected.hl7"), at: "20261122162000")
        #expect(c.code == .AE)
        #expect(c.response?["MSA-1"] == "AE")
        #expect(processor.state.order(accession: "ACC20261122001")?.state == .scheduled)
        #expect(c.reportsToForward.isEmpty)
    }

    @Test mutating func unknownAccessionAndWrongPatientAreQuarantined() throws {
        var unknown = try Samples.message("oru_r01_report_final.hl7")
        try unknown.set("OBR-3.1", to: "NOPE")
        try unknown.set("ORC-3.1", to: "NOPE")
        let a = processor.process(unknown, at: "20261122160000")
        // Accepted into quarantine: stored, not filed, not forwarded; the ACK says why.
        #expect(a.code == .AA)
        #expect(a.quarantined == 1)
        #expect(a.reportsToForward.isEmpty)
        #expect(a.response?["ERR-4"] == "W")
        #expect(a.response?["ERR-8"]?.contains("quarantined") ?? false)
        var wrong = try Samples.message("oru_r01_report_final.hl7")
        try wrong.setRaw(HL7Path("PID-3"), to: Array("OTHER1^^^GENHOSP^MR".utf8))
        let b = processor.process(wrong, at: "20261122160100")
        #expect(b.code == .AA && b.quarantined == 1)
        #expect(processor.state.quarantine.map(\.controlID) == ["ORU0002", "ORU0002"])
        #expect(processor.state.quarantine[1].reason.contains("does not match"))
        #expect(processor.state.order(accession: "ACC20261122001")?.state == .scheduled)
    }

    @Test mutating func criticalFindingRunsTheClosedLoop() throws {
        let outcome = processor.process(try Samples.message("oru_r01_critical_pe.hl7"), at: "20261122160000")
        #expect(outcome.code == .AA)
        let notification = try #require(outcome.criticalNotifications.first)
        #expect(notification.header.acceptAcknowledgementType == "AL")
        #expect(notification.header.applicationAcknowledgementType == "AL")
        #expect(notification["OBR-28"] == "ORDERING")
        #expect(notification["OBR-3.1"] == "ACC20261122001")
        let id = try #require(processor.state.criticalResults.keys.first)
        var result = try #require(processor.state.criticalResults[id])
        #expect(result.state == .detected)
        #expect(result.reasons.count == 3)  // OBX-8 AA twice and the CRITFLAG
        // Accepted on the connection → notified.
        let accepted = processor.criticalNotificationAccepted(controlID: notification.header.controlID, by: "PAGER", at: "20261122160001")
        #expect(accepted)
        #expect(processor.state.criticalResults[id]?.state == .notified)
        // Not yet overdue at +1 min, overdue at +2 min: escalates to the next contact.
        let early = processor.escalateOverdueCriticalResults(at: "20261122160100")
        #expect(early.isEmpty)
        let escalation = processor.escalateOverdueCriticalResults(at: "20261122160200")
        #expect(escalation.map { $0["OBR-28"] } == ["ATTENDING"])
        result = try #require(processor.state.criticalResults[id])
        #expect(result.state == .escalated)
        #expect(result.notificationControlIDs.count == 2)
        // The receiving system's application ACK for the second notification closes the case.
        let ack = try HL7Message("MSH|^~\\&|PAGER|GENHOSP|RADBRIDGE|RAD|20261122160300||ACK^R01^ACK|PG77|P|2.5.1\rMSA|AA|\(result.notificationControlIDs[1])\r")
        _ = processor.process(ack, at: "20261122160300")
        result = try #require(processor.state.criticalResults[id])
        #expect(result.state == .closed)
        #expect(result.history.map(\.to) == [.detected, .notified, .escalated, .acknowledged, .closed])
        #expect(result.history[3].by == "PAGER@GENHOSP")
        let later = processor.escalateOverdueCriticalResults(at: "20261122170000")
        #expect(later.isEmpty)
    }

    @Test mutating func acknowledgementThroughTheAPI() throws {
        _ = processor.process(try Samples.message("oru_r01_critical_pe.hl7"), at: "20261122160000")
        let id = try #require(processor.state.criticalResults.keys.first)
        try processor.acknowledgeCritical(id: id, by: "dr.smith", note: "called patient", at: "20261122160500")
        #expect(processor.state.criticalResults[id]?.state == .closed)
        #expect(processor.state.criticalResults[id]?.history[1].how == "API: called patient")
        var copy = processor
        #expect(throws: WorkflowProcessor.CriticalAcknowledgementError.notOpen(id, .closed)) {
            try copy.acknowledgeCritical(id: id, by: "x", note: "", at: "20261122160600")
        }
        #expect(throws: WorkflowProcessor.CriticalAcknowledgementError.unknownCase(99)) {
            try copy.acknowledgeCritical(id: 99, by: "x", note: "")
        }
    }

    @Test(arguments: CriticalState.allCases)
    func criticalTableIsComplete(state: CriticalState) {
        for event in CriticalEvent.allCases {
            let next = CriticalResultStateMachine.next(from: state, on: event)
            switch (state, event) {
            case (.detected, .notify), (.escalated, .notify), (.notified, .notify): #expect(next == .notified)
            case (.detected, .escalate), (.notified, .escalate), (.escalated, .escalate): #expect(next == .escalated)
            case (.detected, .acknowledge), (.notified, .acknowledge), (.escalated, .acknowledge): #expect(next == .acknowledged)
            case (.acknowledged, .close): #expect(next == .closed)
            default: #expect(next == nil, "\(state) + \(event)")
            }
        }
    }
}
