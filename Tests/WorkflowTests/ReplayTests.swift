import Foundation
import HL7
import Testing
@testable import Workflow

@Suite struct ReplayTests {
    static let uid = "1.2.840.113619.2.55.3.2831164356.789.1732264700.1"

    static func events() throws -> [WorkflowEvent] {
        func hl7(_ file: String, _ at: String) throws -> WorkflowEvent {
            .hl7(bytes: Data(try Samples.message(file).encoded()), at: at)
        }
        return [
            try hl7("adt_a04_register.hl7", "20261122083000"),
            try hl7("orm_o01_new_ge_zds.hl7", "20261122084500"),
            try hl7("oml_o21_new_order.hl7", "20261122140000"),
            .procedureStep(ProcedureStepEvent(status: .inProgress, performedStepUID: "9.1", studyInstanceUID: uid), at: "20261122093000"),
            .procedureStep(ProcedureStepEvent(status: .completed, performedStepUID: "9.1", studyInstanceUID: uid), at: "20261122094500"),
            try hl7("oru_r01_critical_pe.hl7", "20261122160000"),
            .criticalNotificationAccepted(controlID: "CR1-1", by: "PAGER", at: "20261122160001"),
            .escalationCheck(at: "20261122170000"),
            try hl7("adt_a40_merge.hl7", "20261122180000"),
        ]
    }

    @Test func replayReachesTheSameStateWithoutTheOutputs() throws {
        var live = WorkflowProcessor()
        var emitted = 0
        for event in try Self.events() {
            let outcome = (try? live.apply(event)) ?? WorkflowOutcome()
            emitted += outcome.statusUpdates.count + outcome.criticalNotifications.count + outcome.charges.count
        }
        #expect(emitted == 5)  // 2 status updates, 1 charge, 1 critical notification, 1 escalation
        // Through JSON, as the store keeps them.
        let stored = try JSONDecoder().decode([WorkflowEvent].self, from: JSONEncoder().encode(try Self.events()))
        #expect(stored == (try Self.events()))
        let replayed = WorkflowProcessor.replay(stored, configuration: WorkflowConfiguration())
        #expect(Self.fingerprint(replayed.state) == Self.fingerprint(live.state))
        #expect(replayed.state.criticalResults[1]?.state == .escalated)
        #expect(replayed.state.order(accession: "ACC20261122001")?.state == .final)
        #expect(replayed.state.patients.merges.count == live.state.patients.merges.count)
    }

    @Test func eventsThatCannotApplySayWhy() {
        var processor = WorkflowProcessor()
        #expect(throws: WorkflowEventError.self) { try processor.apply(.hl7(bytes: Data("junk".utf8), at: "2026")) }
        #expect(throws: WorkflowEventError.self) {
            try processor.apply(.procedureStep(ProcedureStepEvent(status: .completed, performedStepUID: "x", studyInstanceUID: "9.9"), at: "2026"))
        }
        #expect(throws: WorkflowEventError.self) { try processor.apply(.criticalAcknowledged(id: 4, by: "x", note: "", at: "2026")) }
    }

    /// Everything observable about the state, as text.
    static func fingerprint(_ state: WorkflowState) -> String {
        let orders = state.orders.values.sorted { $0.id < $1.id }.map { o in
            "\(o.id) \(o.accessionNumber) \(o.state) \(o.studyInstanceUID) \(o.patientID) \(o.history.map { "\($0.event)@\($0.at)" }) \(o.steps)"
        }
        let patients = state.patients.patients.values.sorted { $0.id < $1.id }.map { "\($0.id) \($0.identifiers) \($0.name) \(String(describing: $0.mergedInto))" }
        let reports = state.reports.values.sorted { $0.id < $1.id }.map { "\($0.id) \($0.versions.map(\.status))" }
        let critical = state.criticalResults.values.sorted { $0.id < $1.id }.map { "\($0.id) \($0.state) \($0.contact) \($0.deadline) \($0.history.map(\.to))" }
        return (orders + patients + reports + critical + ["\(state.chargesPosted.sorted())"]).joined(separator: "\n")
    }
}
