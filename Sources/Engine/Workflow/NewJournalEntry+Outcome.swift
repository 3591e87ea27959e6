import Store
import Workflow

extension NewJournalEntry {
    /// The journal entry of a message the workflow applied, completed from what it did: accepted,
    /// with the warnings of what was applied otherwise than sent; refused, rejected with the reasons
    /// and routed nowhere. Written in the same commit as the workflow event.
    mutating func complete(with outcome: WorkflowOutcome) {
        guard outcome.code != .AA else {
            warnings += outcome.warnings.map(JournalWarning.init)
            return
        }
        status = .rejected
        error = outcome.issues.map(\.description).joined(separator: "; ")
        deliveries = []
    }
}
