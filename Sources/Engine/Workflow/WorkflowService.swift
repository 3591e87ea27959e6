import DICOM
import HL7
import Workflow

/// The one place the workflow state lives while the engine runs. Events are applied one at a time,
/// in the order they arrive; each is made durable (with what it emitted) before the state moves on,
/// so an answer is never given for a change that a crash could lose.
public actor WorkflowService {
    private var processor: WorkflowProcessor
    private var worklist: WorklistIndex
    private let log: any WorkflowEventLog

    /// Rebuilds the state from the log.
    public init(configuration: WorkflowConfiguration, log: any WorkflowEventLog) async throws {
        processor = WorkflowProcessor.replay(try await log.events(), configuration: configuration)
        worklist = WorklistIndex(state: processor.state)
        self.log = log
    }

    public var state: WorkflowState { processor.state }

    /// Applies an event; on failure to store it, the state stays as it was and the error is thrown.
    public func handle(_ event: WorkflowEvent) async throws -> WorkflowOutcome {
        var next = processor
        let outcome = try next.apply(event)
        try await log.append(event, outputs: WorkflowOutput.all(of: outcome))
        processor = next
        worklist.update(orderIDs: outcome.changedOrders, in: processor.state)
        return outcome
    }

    /// An HL7 message accepted into the journal: returns the response to send back (ORR, RSP or ACK).
    public func handle(_ message: HL7Message, at time: String = HL7Timestamp.now()) async throws -> HL7Message? {
        try await handle(.hl7(bytes: message.encoded(), at: time)).response
    }

    public func worklistItems(matching query: WorklistQuery) -> [WorklistItem] { worklist.find(query) }

    /// C-FIND on the Modality Worklist: the responses for an identifier.
    public func worklistResponses(for identifier: DataSet) -> [DataSet] {
        worklist.find(WorklistDICOM.query(from: identifier)).map { WorklistDICOM.response(for: $0, identifier: identifier) }
    }
}
