import Engine
import Foundation
import HL7
import Store
import Testing
import Workflow

/// A change becomes visible only once its write is durable: reads (the state, the worklist) that
/// arrive while a write waits for its commit wait for it, a failed write is never seen, and a copy
/// of a message whose original is not yet durable waits for the original's outcome.
@Suite struct CommittedVisibilityTests {
    /// A log whose appends wait, while holding, until released: committed, or failed.
    actor HeldLog: WorkflowEventLog {
        let stored = InMemoryWorkflowEventLog()
        private var holding = false
        private var held: [CheckedContinuation<Bool, Never>] = []

        struct Down: Error {}

        func hold() { holding = true }
        var heldCount: Int { held.count }

        /// Lets the held appends go on (`failing`: they throw) and stops holding.
        func release(failing: Bool = false) {
            holding = false
            let appends = held
            held = []
            for append in appends { append.resume(returning: failing) }
        }

        func append(sequence: Int64, _ event: WorkflowEvent, outputs: [WorkflowOutput],
                    inbound: NewJournalEntry?) async throws -> JournalAppendResult? {
            if holding, await withCheckedContinuation({ held.append($0) }) { throw Down() }
            return try await stored.append(sequence: sequence, event, outputs: outputs, inbound: inbound)
        }

        func events() async throws -> [(sequence: Int64, event: WorkflowEvent)] { try await stored.events() }
    }

    /// Whether a task has finished, and with what.
    actor Finished<Value: Sendable> {
        private(set) var value: Value?
        func set(_ value: Value) { self.value = value }
    }

    static let accession = "ACC20261122001"

    static func message(_ file: String) throws -> HL7Message {
        try HL7Message(bytes: Array(Data(contentsOf: ScheduledWorkflowDICOMTests.fixtures.appendingPathComponent(file))))
    }

    /// A service with the patient registered (committed).
    static func service() async throws -> (WorkflowService, HeldLog) {
        let log = HeldLog()
        let service = try await WorkflowService(configuration: WorkflowConfiguration(), log: log)
        #expect(try await service.handle(message("adt_a04_register.hl7"), at: "20261122083000")?["MSA-1"] == "AA")
        return (service, log)
    }

    static func eventually(_ condition: () async -> Bool) async throws {
        var tries = 0
        while !(await condition()), tries < 1000 {
            try await Task.sleep(for: .milliseconds(5))
            tries += 1
        }
        #expect(await condition())
    }

    /// Long enough for a task that is not held to have finished.
    static func settle() async throws { try await Task.sleep(for: .milliseconds(200)) }

    static func handle(_ service: WorkflowService, _ message: HL7Message) async throws -> (outcome: WorkflowOutcome, journal: JournalAppendResult?) {
        try await service.handle(.hl7(bytes: Data(message.encoded()), at: "20261122084500"), message: message, inbound: nil)
    }

    static func familyName(_ state: WorkflowState) -> String? { state.patients.patients.values.first?.name.family }

    @Test func aReadDuringACommitWaitsForItAndThenSeesTheChange() async throws {
        let (service, log) = try await Self.service()
        await log.hold()
        let order = try Self.message("orm_o01_new_ge_zds.hl7")
        let write = Task { try await service.handle(order, at: "20261122084500") }
        try await Self.eventually { await log.heldCount == 1 }

        let stateRead = Finished<Bool>(), worklistRead = Finished<Int>()
        let readers = Task {
            await stateRead.set(await service.state.order(accession: Self.accession) != nil)
            await worklistRead.set(await service.worklistItems(matching: WorklistQuery(accessionNumber: Self.accession)).count)
        }
        try await Self.settle()
        #expect(await stateRead.value == nil, "a read answered while the order's commit was still pending")

        await log.release()
        #expect(try await write.value?["MSA-1"] == "AA")
        await readers.value
        #expect(await stateRead.value == true)
        #expect(await worklistRead.value == 1)
    }

    @Test func aFailedCommitIsNeverVisible() async throws {
        let (service, log) = try await Self.service()
        await log.hold()
        let order = try Self.message("orm_o01_new_ge_zds.hl7")
        let write = Task { try await service.handle(order, at: "20261122084500") }
        try await Self.eventually { await log.heldCount == 1 }

        let stateRead = Task { await service.state.order(accession: Self.accession) != nil }
        let worklistRead = Task { await service.worklistItems(matching: WorklistQuery(accessionNumber: Self.accession)).count }
        try await Self.settle()
        await log.release(failing: true)
        await #expect(throws: HeldLog.Down.self) { try await write.value }
        #expect(await stateRead.value == false)
        #expect(await worklistRead.value == 0)
        #expect(await service.state.order(accession: Self.accession) == nil)

        // Nothing of it stayed behind: sent again, the order is new, not a duplicate.
        #expect(try await Self.handle(service, order).outcome.code == .AA)
        #expect(await service.state.order(accession: Self.accession) != nil)
        #expect(await service.worklistItems(matching: WorklistQuery(accessionNumber: Self.accession)).count == 1)
    }

    @Test func aWriteArrivingWhileAReadWaitsIsHeldUntilTheReadHasRead() async throws {
        let (service, log) = try await Self.service()
        await log.hold()
        let order = Task { try await service.handle(Self.message("orm_o01_new_ge_zds.hl7"), at: "20261122084500") }
        try await Self.eventually { await log.heldCount == 1 }
        let read = Finished<(order: Bool, family: String?)>()
        let reader = Task {
            let state = await service.state
            await read.set((state.order(accession: Self.accession) != nil, Self.familyName(state)))
        }
        try await Self.settle()
        let update = Task { try await service.handle(Self.message("adt_a08_update.hl7"), at: "20261122090000") }
        try await Self.settle()
        #expect(await log.heldCount == 1, "the update was applied while a read waited")
        #expect(await read.value == nil)

        await log.release()
        await reader.value
        let seen = try #require(await read.value)
        #expect(seen.order, "the read sees the order committed before it")
        #expect(seen.family == "DOE", "the read does not see the update that arrived after it")
        #expect(try await order.value?["MSA-1"] == "AA")
        #expect(try await update.value?["MSA-1"] == "AA")
        #expect(Self.familyName(await service.state) == "DOE-SMITH")
    }

    @Test func aCopyArrivingBeforeItsOriginalIsDurableIsADuplicateOnceItCommits() async throws {
        let (service, log) = try await Self.service()
        await log.hold()
        let message = try Self.message("orm_o01_new_ge_zds.hl7")
        let original = Task { try await Self.handle(service, message) }
        try await Self.eventually { await log.heldCount == 1 }
        let answered = Finished<Bool>()
        let copy = Task {
            let result = try await Self.handle(service, message)
            await answered.set(true)
            return result
        }
        try await Self.settle()
        #expect(await answered.value == nil, "the copy was answered before its original was durable")

        await log.release()
        #expect(try await original.value.outcome.code == .AA)
        #expect(try await copy.value.journal?.status == .duplicate)
        let stored = try await log.events()
        #expect(stored.count == 3)   // the control ID key, the registration, the order once
    }

    @Test func aCopyOfAnOriginalWhoseCommitFailedIsApplied() async throws {
        let (service, log) = try await Self.service()
        await log.hold()
        let message = try Self.message("orm_o01_new_ge_zds.hl7")
        let original = Task { try await Self.handle(service, message) }
        try await Self.eventually { await log.heldCount == 1 }
        let answered = Finished<Bool>()
        let copy = Task {
            let result = try await Self.handle(service, message)
            await answered.set(true)
            return result
        }
        try await Self.settle()
        #expect(await answered.value == nil, "the copy was answered before its original was durable")

        await log.release(failing: true)
        await #expect(throws: HeldLog.Down.self) { try await original.value }
        let result = try await copy.value
        #expect(result.outcome.code == .AA)
        #expect(result.journal?.status != .duplicate)
        #expect(await service.state.order(accession: Self.accession) != nil)
        #expect(try await log.events().count == 3)
    }
}
