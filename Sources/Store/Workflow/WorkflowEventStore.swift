/// The durable log of workflow events (encoded by the caller), stored together with the messages
/// each event emitted and, for an inbound message, its journal entry: a state change and its
/// consequences commit or fail as one.
public protocol WorkflowEventStore: Sendable {
    /// In one transaction: journals `inbound` (when given); unless it turns out to be a duplicate,
    /// stores the event under `sequence` (the order the workflow applied it in) and journals each
    /// output (status `outbound`) with its deliveries. Returns the inbound entry's result (nil without one).
    func appendWorkflowEvent(sequence: Int64, _ event: [UInt8], outputs: [NewJournalEntry],
                             inbound: NewJournalEntry?) async throws -> JournalAppendResult?
    /// Every event with its sequence number, in sequence order.
    func workflowEvents() async throws -> [(sequence: Int64, event: [UInt8])]
}
