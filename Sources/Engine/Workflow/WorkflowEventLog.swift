import HL7
import Workflow

/// What a workflow event emitted, by the configuration key that names its destinations
/// (`workflow.statusTo`, `reportsTo`, `criticalTo`, `chargesTo`).
public struct WorkflowOutput: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case status = "statusTo", reports = "reportsTo", critical = "criticalTo", charges = "chargesTo"
    }

    public let role: Role
    public let message: HL7Message

    static func all(of outcome: WorkflowOutcome) -> [WorkflowOutput] {
        outcome.statusUpdates.map { WorkflowOutput(role: .status, message: $0) }
            + outcome.reportsToForward.map { WorkflowOutput(role: .reports, message: $0) }
            + outcome.criticalNotifications.map { WorkflowOutput(role: .critical, message: $0) }
            + outcome.charges.map { WorkflowOutput(role: .charges, message: $0) }
    }
}

/// Where workflow events are kept: appending an event and queueing its outputs is one durable
/// step; the events, read back in order, rebuild the state after a restart.
public protocol WorkflowEventLog: Sendable {
    func append(_ event: WorkflowEvent, outputs: [WorkflowOutput]) async throws
    func events() async throws -> [WorkflowEvent]
}

/// A log in memory, for tests and for running without a data directory.
public actor InMemoryWorkflowEventLog: WorkflowEventLog {
    public private(set) var stored: [WorkflowEvent] = []
    public private(set) var outputs: [WorkflowOutput] = []

    public init(_ events: [WorkflowEvent] = []) { stored = events }

    public func append(_ event: WorkflowEvent, outputs: [WorkflowOutput]) async throws {
        stored.append(event)
        self.outputs += outputs
    }

    public func events() async throws -> [WorkflowEvent] { stored }
}
