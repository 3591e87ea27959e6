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

    /// Applies one message received at `time` (`YYYYMMDDHHMMSS`); a query (``WorkflowMessages``) is
    /// answered without changing anything.
    public mutating func process(_ message: HL7Message, at time: String = HL7Timestamp.now()) -> WorkflowOutcome {
        let code = message.header.messageCode
        if code == "QBP", WorkflowMessages.kind(of: message.header)?.isQuery == true { return answer(message, at: time) }
        var outcome: WorkflowOutcome
        switch code {
        case "ADT": outcome = processPatient(message, at: time)
        case "ORM", "OML": return processOrders(message, at: time)
        case "SIU": outcome = processSchedule(message, at: time)
        case "ORU": outcome = processReports(message, at: time)
        case "ACK": outcome = processAcknowledgement(message, at: time)
        default: outcome = WorkflowOutcome()
        }
        outcome.response = HL7Acknowledgement.make(for: message, code: outcome.code, issues: outcome.issues, timestamp: time)
        return outcome
    }

    /// A query (QBP^Q11 priors, Q22 PDQ, Q23 PIX) answered from the state, which it never changes.
    public func answer(_ query: HL7Message, at time: String = HL7Timestamp.now()) -> WorkflowOutcome {
        switch query.header.triggerEvent {
        case "Q11": answerPriorsQuery(query, at: time)
        case "Q22": answerPDQQuery(query, at: time)
        case "Q23": answerPIXQuery(query, at: time)
        default: WorkflowOutcome()
        }
    }

    func cause(_ message: HL7Message, _ detail: String = "") -> TransitionCause {
        let h = message.header
        return TransitionCause(.hl7, "\(h.messageType)\(detail.isEmpty ? "" : " " + detail) control ID \(h.controlID)")
    }
}
