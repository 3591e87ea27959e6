import HL7
import Workflow

extension WorkflowService {
    /// A person decided a review task (`link` or `keep-apart`); durable like every workflow event.
    public func decideMPIReview(id: Int, decision: String, by: String) async throws -> WorkflowOutcome {
        try await handle(.mpiReviewDecided(id: id, decision: decision, by: by, at: HL7Timestamp.now()))
    }

    /// Reverses a link: the record gets an enterprise ID of its own.
    public func unlinkMPIRecord(patientID: Int, by: String, reason: String) async throws -> WorkflowOutcome {
        try await handle(.mpiUnlinked(patientID: patientID, by: by, reason: reason, at: HL7Timestamp.now()))
    }
}
