/// Where a critical-result case is in its closed loop.
public enum CriticalState: String, Sendable, Codable, CaseIterable {
    case detected, notified, escalated, acknowledged, closed

    public var isOpen: Bool { self != .acknowledged && self != .closed }
}

public enum CriticalEvent: String, Sendable, Codable, CaseIterable {
    /// The receiver accepted the notification (CA, or AA on the connection).
    case notify
    /// The acknowledgement deadline passed: the next contact in the chain is notified.
    case escalate
    /// A person confirmed it (an application ACK to our listener, or the API).
    case acknowledge
    case close
}

/// The critical-result loop as one table.
///
///     detected ─notify─▶ notified ─acknowledge─▶ acknowledged ─close─▶ closed
///         └──escalate──▶ escalated ◀──escalate──┘ (deadline passed: next contact)
public enum CriticalResultStateMachine {
    public static let table: [(event: CriticalEvent, from: Set<CriticalState>, to: CriticalState)] = [
        (.notify, [.detected, .escalated], .notified),
        (.notify, [.notified], .notified),
        (.escalate, [.detected, .notified, .escalated], .escalated),
        (.acknowledge, [.detected, .notified, .escalated], .acknowledged),
        (.close, [.acknowledged], .closed),
    ]

    public static func next(from state: CriticalState, on event: CriticalEvent) -> CriticalState? {
        table.first { $0.event == event && $0.from.contains(state) }?.to
    }
}

/// One step of a case's history: who, when, how.
public struct CriticalStep: Sendable, Codable {
    public let from: CriticalState?
    public let to: CriticalState
    public let at: String
    public let by: String
    public let how: String
}

/// A critical finding that must reach a person and be acknowledged.
public struct CriticalResult: Sendable, Codable, Identifiable {
    public let id: Int
    public let orderID: Int
    public let reportID: Int
    public let reasons: [String]
    public internal(set) var state: CriticalState
    /// Position in the configured chain of the contact currently responsible.
    public internal(set) var contactIndex: Int
    public internal(set) var contact: String
    /// Seconds since 1970 after which the case escalates.
    public internal(set) var deadline: Int64
    /// MSH-10 of each notification sent, the current one last.
    public internal(set) var notificationControlIDs: [String]
    public internal(set) var history: [CriticalStep]

    public func isOverdue(now: Int64) -> Bool { state.isOpen && now >= deadline }

    mutating func apply(_ event: CriticalEvent, at time: String, by: String, how: String) -> Bool {
        guard let next = CriticalResultStateMachine.next(from: state, on: event) else { return false }
        history.append(CriticalStep(from: state, to: next, at: time, by: by, how: how))
        state = next
        return true
    }
}
