import Foundation
import HL7

/// Everything that changes the workflow state, as a durable record. The engine stores each event
/// (with the messages its application emitted) before it answers, and rebuilds the state after a
/// restart by applying the stored events again in order: processing is deterministic, so the
/// replay reaches the same state without sending anything twice.
public enum WorkflowEvent: Sendable, Codable, Equatable {
    /// An accepted HL7 message, as received (stored base64 in JSON).
    case hl7(bytes: Data, at: String)
    /// An MPPS N-CREATE / N-SET.
    case procedureStep(status: String, performedStepUID: String, studyInstanceUID: String, accessionNumber: String,
                       scheduledStepID: String, discontinuationReason: String, at: String)
    /// The receiver accepted a critical-result notification.
    case criticalNotificationAccepted(controlID: String, by: String, at: String)
    /// The destination a critical-result notification was sent to answered it AA on that connection:
    /// a person confirmed it.
    case criticalNotificationAcknowledged(controlID: String, by: String, at: String)
    /// The secret the control IDs of emitted messages are keyed with (``ControlIDKey``), drawn once.
    case controlIDKeyCreated(key: String)
    /// A person acknowledged a critical result through the API.
    case criticalAcknowledged(id: Int, by: String, note: String, at: String)
    /// The escalation timer ran.
    case escalationCheck(at: String)
    /// A modality stored an instance (written to `path` under the instance directory).
    case instanceReceived(ReceivedInstance, path: String, at: String)
    /// Someone mapped a local procedure to a standard code (`WorkflowProcessor.addMapping`).
    case procedureMappingAdded(LocalProcedureMapping)
    /// Someone decided a master patient index review task (`link` or `keep-apart`).
    case mpiReviewDecided(id: Int, decision: String, by: String, at: String)
    /// Someone reversed a link: the record gets its own enterprise ID.
    case mpiUnlinked(patientID: Int, by: String, reason: String, at: String)
    /// An operator released a quarantined instance with corrected identifiers (`POST /api/quarantine/{id}/release`).
    case quarantineReleased(id: Int, patientID: String, accessionNumber: String, by: String, at: String)
    /// An operator rejected a quarantined instance (`POST /api/quarantine/{id}/reject`).
    case quarantineRejected(id: Int, by: String, reason: String, at: String)

    public static func procedureStep(_ event: ProcedureStepEvent, at time: String) -> WorkflowEvent {
        .procedureStep(status: event.status.rawValue, performedStepUID: event.performedStepUID,
                       studyInstanceUID: event.studyInstanceUID, accessionNumber: event.accessionNumber,
                       scheduledStepID: event.scheduledStepID, discontinuationReason: event.discontinuationReason, at: time)
    }
}

/// Why an event could not be applied (the state is unchanged).
public struct WorkflowEventError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
}

extension WorkflowProcessor {
    /// Applies one event. HL7 messages always produce an outcome (a refusal is an AE/AR response);
    /// the other events throw when they cannot apply.
    /// `message`, when given, is the already parsed form of an `.hl7` event's bytes.
    public mutating func apply(_ event: WorkflowEvent, message: HL7Message? = nil) throws(WorkflowEventError) -> WorkflowOutcome {
        switch event {
        case .hl7(let bytes, let at):
            if let message { return process(message, at: at) }
            do {
                return process(try HL7Message(bytes: Array(bytes)), at: at)
            } catch {
                throw WorkflowEventError(description: error.description)
            }
        case .procedureStep(let status, let uid, let study, let accession, let step, let reason, let at):
            guard let status = ProcedureStepEvent.Status(rawValue: status) else {
                throw WorkflowEventError(description: "unknown performed procedure step status '\(status)'")
            }
            let mpps = ProcedureStepEvent(status: status, performedStepUID: uid, studyInstanceUID: study,
                                          accessionNumber: accession, scheduledStepID: step, discontinuationReason: reason)
            do {
                return try apply(mpps, at: at)
            } catch {
                throw WorkflowEventError(description: error.description)
            }
        case .criticalNotificationAccepted(let controlID, let by, let at):
            guard criticalNotificationAccepted(controlID: controlID, by: by, at: at) else {
                throw WorkflowEventError(description: "no open critical result was notified with \(controlID)")
            }
            return WorkflowOutcome()
        case .criticalNotificationAcknowledged(let controlID, let by, let at):
            guard acknowledgeCriticalNotification(controlID: controlID, by: by, at: at) else {
                throw WorkflowEventError(description: "no open critical result was notified with \(controlID)")
            }
            return WorkflowOutcome()
        case .controlIDKeyCreated(let key):
            try adoptControlIDKey(hex: key)
            return WorkflowOutcome()
        case .criticalAcknowledged(let id, let by, let note, let at):
            do {
                try acknowledgeCritical(id: id, by: by, note: note, at: at)
            } catch {
                throw WorkflowEventError(description: "\(error)")
            }
            return WorkflowOutcome()
        case .escalationCheck(let at):
            var outcome = WorkflowOutcome()
            outcome.criticalNotifications = escalateOverdueCriticalResults(at: at)
            return outcome
        case .instanceReceived(let instance, let path, let at):
            return receive(instance, path: path, at: at)
        case .quarantineReleased(let id, let patientID, let accession, let by, let at):
            try releaseQuarantined(id: id, patientID: patientID, accessionNumber: accession, by: by, at: at)
            return WorkflowOutcome()
        case .quarantineRejected(let id, let by, let reason, let at):
            try rejectQuarantined(id: id, by: by, reason: reason, at: at)
            return WorkflowOutcome()
        case .procedureMappingAdded(let mapping):
            var outcome = WorkflowOutcome()
            outcome.changedOrders = Set(addMapping(mapping))
            return outcome
        case .mpiReviewDecided(let id, let decision, let by, let at):
            return try decideMPIReview(id: id, decision: decision, by: by, at: at)
        case .mpiUnlinked(let patientID, let by, let reason, let at):
            return try unlinkMPIRecord(patientID: patientID, by: by, reason: reason, at: at)
        }
    }

    /// Rebuilds the state from stored events (their outputs were delivered when they first ran).
    public static func replay(_ events: [WorkflowEvent], configuration: WorkflowConfiguration) -> WorkflowProcessor {
        var processor = WorkflowProcessor(configuration: configuration)
        for event in events { _ = try? processor.apply(event) }
        return processor
    }
}
