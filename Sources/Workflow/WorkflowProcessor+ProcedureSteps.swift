import HL7

/// A Modality Performed Procedure Step event from the DICOM side (N-CREATE / N-SET).
public struct ProcedureStepEvent: Sendable {
    public enum Status: String, Sendable {
        case inProgress = "IN PROGRESS", completed = "COMPLETED", discontinued = "DISCONTINUED"
    }

    public var status: Status
    /// The MPPS SOP Instance UID.
    public var performedStepUID: String
    /// From the Scheduled Step Attributes Sequence: what identifies the order.
    public var studyInstanceUID: String
    public var accessionNumber: String
    public var scheduledStepID: String
    /// (0040,0281) Performed Procedure Step Discontinuation Reason, as text.
    public var discontinuationReason: String

    public init(status: Status, performedStepUID: String, studyInstanceUID: String = "", accessionNumber: String = "",
                scheduledStepID: String = "", discontinuationReason: String = "") {
        self.status = status
        self.performedStepUID = performedStepUID
        self.studyInstanceUID = studyInstanceUID
        self.accessionNumber = accessionNumber
        self.scheduledStepID = scheduledStepID
        self.discontinuationReason = discontinuationReason
    }
}

extension WorkflowProcessor {
    public enum ProcedureStepError: Error, Sendable, Equatable, CustomStringConvertible {
        case noMatchingOrder(String)
        case illegalTransition(String)

        public var description: String {
            switch self {
            case .noMatchingOrder(let what): return "no order matches \(what)"
            case .illegalTransition(let why): return why
            }
        }
    }

    /// Moves the order the performed step belongs to (IN PROGRESS → in progress, COMPLETED →
    /// completed, DISCONTINUED → discontinued) and returns the ORM^O01 status update for the RIS.
    /// A step the order already reached changes nothing and sends nothing.
    public mutating func apply(_ event: ProcedureStepEvent, at time: String = HL7Timestamp.now()) throws(ProcedureStepError) -> WorkflowOutcome {
        let order = (event.studyInstanceUID.isEmpty ? nil : state.order(studyInstanceUID: event.studyInstanceUID))
            ?? (event.accessionNumber.isEmpty ? nil : state.order(accession: event.accessionNumber))
        guard var order else {
            throw .noMatchingOrder("study UID '\(event.studyInstanceUID)' / accession '\(event.accessionNumber)'")
        }
        let target: OrderState = switch event.status {
        case .inProgress: .inProgress
        case .completed: .completed
        case .discontinued: .discontinued
        }
        let reported = ReportedStatus(state: target, code: "MPPS \(event.status.rawValue)")
        let reason = event.discontinuationReason.isEmpty ? "" : " reason \(event.discontinuationReason)"
        let cause = TransitionCause(.dicom, "MPPS \(event.status.rawValue) \(event.performedStepUID)\(reason)")
        var outcome = WorkflowOutcome()
        do {
            // Already there (the RIS reported it first, or a repeated N-SET): nothing to do or send.
            guard try order.apply(reported, cause: cause, at: time) == .applied else { return outcome }
        } catch {
            throw .illegalTransition(error.description)
        }
        syncSteps(&order)
        state.orders[order.id] = order
        outcome.changedOrders.insert(order.id)
        let controlID = self.controlID("RB", "RB\(order.id)-\(order.history.count)")
        outcome.statusUpdates = [OrderResponseBuilder(configuration: configuration, state: state)
            .statusUpdate(for: order, controlID: controlID, at: time)]
        postChargeIfCompleted(order, at: time, into: &outcome)
        return outcome
    }
}
