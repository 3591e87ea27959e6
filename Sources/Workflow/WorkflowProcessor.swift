import HL7

/// Applies HL7 messages and DICOM procedure-step events to the workflow state. Pure: it takes the
/// state and an input and produces the next state and the outputs; the engine persists the state
/// and delivers the outputs.
public struct WorkflowProcessor: Sendable {
    public let configuration: WorkflowConfiguration
    public internal(set) var state: WorkflowState

    public init(configuration: WorkflowConfiguration = WorkflowConfiguration(), state: WorkflowState = WorkflowState()) {
        self.configuration = configuration
        self.state = state
    }

    /// Applies one message received at `time` (`YYYYMMDDHHMMSS`).
    public mutating func process(_ message: HL7Message, at time: String = HL7Timestamp.now()) -> WorkflowOutcome {
        let h = message.header
        var outcome: WorkflowOutcome
        switch h.messageCode {
        case "ADT": outcome = processPatient(message, at: time)
        case "ORM", "OML": return processOrders(message, at: time)
        case "SIU": outcome = processSchedule(message, at: time)
        case "ORU": outcome = processReports(message, at: time)
        case "ACK": outcome = processAcknowledgement(message, at: time)
        case "QBP" where h.triggerEvent == "Q11": return answerPriorsQuery(message, at: time)
        case "QBP" where h.triggerEvent == "Q23": return answerPIXQuery(message, at: time)
        case "QBP" where h.triggerEvent == "Q22": return answerPDQQuery(message, at: time)
        default: outcome = WorkflowOutcome()
        }
        outcome.response = HL7Acknowledgement.make(for: message, code: outcome.code, issues: outcome.issues, timestamp: time)
        return outcome
    }

    func cause(_ message: HL7Message, _ detail: String = "") -> TransitionCause {
        let h = message.header
        return TransitionCause(.hl7, "\(h.messageType)\(detail.isEmpty ? "" : " " + detail) control ID \(h.controlID)")
    }
}
