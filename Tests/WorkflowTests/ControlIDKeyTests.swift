import Foundation
import HL7
import Testing
@testable import Workflow

@Suite struct ControlIDKeyTests {
    @Test func sipHashMatchesTheReferenceVectors() {
        // Key 00 01 … 0f, as in the SipHash paper's test vectors.
        let k0: UInt64 = 0x0706_0504_0302_0100
        let k1: UInt64 = 0x0f0e_0d0c_0b0a_0908
        #expect(SipHash24.hash([], k0: k0, k1: k1) == 0x726f_db47_dd0e_0e31)
        #expect(SipHash24.hash(Array(0..<15), k0: k0, k1: k1) == 0xa129_ca61_49be_45e5)
        #expect(SipHash24.hash(Array(0..<8), k0: k0, k1: k1) == 0x93f5_f579_9a93_2462)
    }

    @Test func keyedIDsAreUnguessableShortAndSurviveTheLogRoundTrip() throws {
        let key = ControlIDKey.random()
        #expect(ControlIDKey(hex: key.hex) == key)
        #expect(ControlIDKey(hex: "xyz") == nil)
        let id = key.controlID("CR", for: "CR1-1")
        #expect(id.wholeMatch(of: /CR[0-9A-F]{16}/) != nil)
        #expect(id.count <= 20)
        #expect(id != ControlIDKey.random().controlID("CR", for: "CR1-1"))
        #expect(id != key.controlID("CR", for: "CR1-2"))
    }

    @Test func criticalNotificationsUseTheLoggedKeyAndReplayToTheSameIDs() throws {
        func hl7(_ file: String, _ at: String) throws -> WorkflowEvent {
            .hl7(bytes: Data(try Samples.message(file).encoded()), at: at)
        }
        let events: [WorkflowEvent] = [
            .controlIDKeyCreated(key: ControlIDKey.random().hex),
            try hl7("adt_a04_register.hl7", "20261122083000"),
            try hl7("orm_o01_new_ge_zds.hl7", "20261122084500"),
            try hl7("oru_r01_critical_pe.hl7", "20261122160000"),
        ]
        var live = WorkflowProcessor()
        var sent: [String] = []
        for event in events {
            sent += try live.apply(event).criticalNotifications.map(\.header.controlID)
        }
        #expect(sent.count == 1 && sent[0].wholeMatch(of: /CR[0-9A-F]{16}/) != nil)
        let stored = try JSONDecoder().decode([WorkflowEvent].self, from: JSONEncoder().encode(events))
        let replayed = WorkflowProcessor.replay(stored, configuration: WorkflowConfiguration())
        #expect(replayed.state.criticalResults[1]?.notificationControlIDs == sent)

        // Only the destination's AA on its connection (recorded as this event) closes the case.
        var processor = replayed
        #expect(processor.isOpenCriticalNotification(sent[0]))
        #expect(try processor.apply(.criticalNotificationAcknowledged(controlID: sent[0], by: "pager", at: "20261122160100")).code == .AA)
        #expect(processor.state.criticalResults[1]?.state == .closed)
        #expect(throws: WorkflowEventError.self) {
            try processor.apply(.criticalNotificationAcknowledged(controlID: sent[0], by: "pager", at: "20261122160200"))
        }
    }
}
