/// A state another system says an order is in: ORC-5 of an ORC-1 `SC` message from the RIS, or
/// the state of a Modality Performed Procedure Step. The reporter is authoritative: a report that
/// skips states (a RIS without MPPS sends `CM` straight after scheduling) moves the order through
/// them, and the skipped steps are recorded as implied.
public struct ReportedStatus: Sendable, Equatable {
    public let state: OrderState
    /// How the sender put it, for texts: `CM`, `IP`, `MPPS COMPLETED`.
    public let code: String

    public init(state: OrderState, code: String) {
        self.state = state
        self.code = code
    }

    /// ORC-5 (HL7 table 0038; `A` as RIS feeds use it, for arrived). Nil for a status that names no state.
    public init?(orderStatus: String) {
        let states: [String: OrderState] = [
            "SC": .scheduled, "A": .arrived, "IP": .inProgress, "CM": .completed,
            "CA": .cancelled, "DC": .discontinued, "HD": .held,
        ]
        guard let state = states[orderStatus] else { return nil }
        self.init(state: state, code: orderStatus)
    }

    /// The event that reaches `state` in one step from `current`.
    func event(from current: OrderState) -> OrderEvent? {
        switch state {
        case .scheduled: .schedule
        case .arrived: .arrive
        case .inProgress: .start
        case .completed: .complete
        case .cancelled: .cancel
        case .discontinued: current == .inProgress ? .abandon : .discontinue
        case .held: .hold
        case .ordered, .preliminary, .final: nil
        }
    }
}

/// What a reported status did to the order.
public enum ReportedStatusResult: Sendable, Equatable {
    /// The order moved (or recorded the report, for a repeat the table keeps in the history).
    case applied
    /// The order already was in that state or past it; `note` says so when the report is behind.
    case unchanged(note: String?)
}

/// A change the order's state does not allow: `order A1 is cancelled: CM is not allowed (…)`.
public struct RefusedOrderChange: Error, Sendable, Equatable, CustomStringConvertible {
    public let accessionNumber: String
    public let state: OrderState
    /// ORC-1 or ORC-5 as sent (`CM`, `CA`, `XO`), or the DICOM/report event.
    public let code: String
    /// Which rule of the lifecycle forbids it.
    public let rule: String

    public init(accessionNumber: String, state: OrderState, code: String, target: OrderState?) {
        self.accessionNumber = accessionNumber
        self.state = state
        self.code = code
        self.rule = OrderStateMachine.rule(refusing: target, from: state)
    }

    public var description: String { "order \(accessionNumber) is \(state.rawValue): \(code) is not allowed (\(rule))" }
}

extension Order {
    /// Applies a reported status: the direct transition when the table has one; otherwise the
    /// shortest chain of forward steps, all but the last recorded as implied. A report the order
    /// already reached changes nothing. Closed orders (cancelled, discontinued, final) take only
    /// a repeat of their own status.
    mutating func apply(_ reported: ReportedStatus, cause: TransitionCause, at time: String) throws(RefusedOrderChange) -> ReportedStatusResult {
        let refusal = RefusedOrderChange(accessionNumber: accessionNumber, state: state, code: reported.code, target: reported.state)
        if let event = reported.event(from: state), let next = try? OrderStateMachine.next(from: state, on: event) {
            history.append(OrderTransition(from: state, to: next, event: event, cause: cause, at: time))
            state = next
            return .applied
        }
        if reported.state == state { return .unchanged(note: nil) }
        if OrderStateMachine.closed.contains(state) {
            guard reported.state.orderStatus == state.orderStatus else { throw refusal }
            return .unchanged(note: nil)
        }
        if let have = OrderStateMachine.progression.firstIndex(of: state),
           let want = OrderStateMachine.progression.firstIndex(of: reported.state), have >= want {
            let behind = reported.state.orderStatus != state.orderStatus
            return .unchanged(note: behind ? "order \(accessionNumber) is already \(state.rawValue): \(reported.code) changes nothing" : nil)
        }
        guard let path = OrderStateMachine.forwardPath(from: state, to: reported.state) else { throw refusal }
        for (k, event) in path.enumerated() {
            let next = (try? OrderStateMachine.next(from: state, on: event)) ?? state
            history.append(OrderTransition(from: state, to: next, event: event, cause: cause, at: time, implied: k < path.count - 1))
            state = next
        }
        return .applied
    }
}
