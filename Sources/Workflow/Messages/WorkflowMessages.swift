import HL7

/// The one list of the HL7 messages the workflow takes and what each is answered with. A command
/// changes the state and is logged as a workflow event; a query reads the state, is answered from
/// it and is never logged (a re-sent query is simply answered again).
public enum WorkflowMessageKind: Sendable, Equatable {
    /// Answered with an ACK built from the outcome.
    case command
    /// Answered with its own response message (ORR^O02) whatever the acknowledgement mode.
    case commandAnsweredBy(String)
    /// Answered with its response message (RSP^K11/K22/K23).
    case query(answeredBy: String)

    public var isQuery: Bool { if case .query = self { true } else { false } }

    /// The response message type that replaces the ACK, if any.
    public var response: String? {
        switch self {
        case .command: nil
        case .commandAnsweredBy(let type), .query(let type): type
        }
    }
}

public enum WorkflowMessages {
    /// How the workflow takes a message of this type, or nil when it does not.
    public static func kind(of header: HL7Header) -> WorkflowMessageKind? {
        kind(code: header.messageCode, trigger: header.triggerEvent)
    }

    public static func kind(code: String, trigger: String) -> WorkflowMessageKind? {
        switch (code, trigger) {
        case ("ADT", _), ("SIU", _), ("ORU", _), ("ACK", _): .command
        case ("ORM", _), ("OML", _): .commandAnsweredBy("ORR^O02")
        case ("QBP", "Q11"): .query(answeredBy: "RSP^K11")
        case ("QBP", "Q22"): .query(answeredBy: "RSP^K22")
        case ("QBP", "Q23"): .query(answeredBy: "RSP^K23")
        default: nil
        }
    }
}
