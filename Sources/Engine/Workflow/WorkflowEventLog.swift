import Foundation
import HL7
import Store
import Workflow

/// What a workflow event emitted, by the configuration key that names its destinations
/// (`workflow.statusTo`, `reportsTo`, `criticalTo`, `chargesTo`).
public struct WorkflowOutput: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case status = "statusTo", reports = "reportsTo", critical = "criticalTo", charges = "chargesTo", pixUpdates = "pixUpdatesTo"
    }

    public let role: Role
    public let message: HL7Message

    static func all(of outcome: WorkflowOutcome) -> [WorkflowOutput] {
        outcome.statusUpdates.map { WorkflowOutput(role: .status, message: $0) }
            + outcome.reportsToForward.map { WorkflowOutput(role: .reports, message: $0) }
            + outcome.criticalNotifications.map { WorkflowOutput(role: .critical, message: $0) }
            + outcome.charges.map { WorkflowOutput(role: .charges, message: $0) }
            + outcome.pixUpdates.map { WorkflowOutput(role: .pixUpdates, message: $0) }
    }
}

/// Where workflow events are kept: storing an event (under the sequence number it was applied
/// with), journaling the inbound message that caused it and queueing its outputs is one durable
/// step; the events, read back in sequence, rebuild the state after a restart.
public protocol WorkflowEventLog: Sendable {
    /// Returns the inbound entry's journal result: a duplicate means nothing was stored.
    func append(sequence: Int64, _ event: WorkflowEvent, outputs: [WorkflowOutput],
                inbound: NewJournalEntry?) async throws -> JournalAppendResult?
    func events() async throws -> [(sequence: Int64, event: WorkflowEvent)]
}

/// A log in memory, for tests and for running without a data directory.
public actor InMemoryWorkflowEventLog: WorkflowEventLog {
    public private(set) var stored: [(sequence: Int64, event: WorkflowEvent)] = []
    public private(set) var outputs: [WorkflowOutput] = []

    public init() {}

    public func append(sequence: Int64, _ event: WorkflowEvent, outputs: [WorkflowOutput],
                       inbound: NewJournalEntry?) async throws -> JournalAppendResult? {
        stored.append((sequence, event))
        self.outputs += outputs
        return inbound.map { _ in JournalAppendResult(id: sequence, status: .accepted, duplicateOf: nil) }
    }

    public func events() async throws -> [(sequence: Int64, event: WorkflowEvent)] { stored.sorted { $0.sequence < $1.sequence } }
}

/// The log in the engine's store: events in `workflow_events` (`WorkflowEventCoding`), outputs journaled as
/// `outbound` and queued for the destinations `workflow.statusTo` (…) name.
public struct StoreWorkflowEventLog: WorkflowEventLog {
    let store: any WorkflowEventStore
    let destinations: [WorkflowOutput.Role: [String]]
    let onQueued: @Sendable ([String]) async -> Void

    public init(store: any WorkflowEventStore, destinations: [WorkflowOutput.Role: [String]],
                onQueued: @escaping @Sendable ([String]) async -> Void = { _ in }) {
        self.store = store
        self.destinations = destinations
        self.onQueued = onQueued
    }

    public func append(sequence: Int64, _ event: WorkflowEvent, outputs: [WorkflowOutput],
                       inbound: NewJournalEntry?) async throws -> JournalAppendResult? {
        let entries = outputs.compactMap { output -> NewJournalEntry? in
            let to = destinations[output.role] ?? []
            guard !to.isEmpty else { return nil }
            let h = output.message.header
            let patient = output.message["PID-3.1"] ?? ""
            return NewJournalEntry(raw: output.message.encoded(), peer: "radbridge", receivedAt: Date(), controlID: h.controlID,
                                   messageType: h.messageType, sendingApplication: h.sendingApplication,
                                   sendingFacility: h.sendingFacility, status: .outbound,
                                   deliveries: to.map { OutboxRequest(destination: $0, orderingKey: patient) })
        }
        let result = try await store.appendWorkflowEvent(sequence: sequence, try WorkflowEventCoding.encode(event),
                                                         outputs: entries, inbound: inbound)
        let woken = Set(entries.flatMap { $0.deliveries.map(\.destination) } + (inbound?.deliveries.map(\.destination) ?? []))
        if result?.status != .duplicate, !woken.isEmpty { await onQueued(Array(woken)) }
        return result
    }

    public func events() async throws -> [(sequence: Int64, event: WorkflowEvent)] {
        try await store.workflowEvents().map { ($0.sequence, try WorkflowEventCoding.decode($0.event)) }
    }
}
