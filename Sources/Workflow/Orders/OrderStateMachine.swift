/// The order lifecycle as one table: for each event, the states it may leave and the state it leads
/// to. Anything not in the table is an illegal transition and is refused, leaving the order as it was.
///
///     ordered ─schedule─▶ scheduled ─arrive─▶ arrived ─start─▶ in-progress ─complete─▶ completed
///        ▲                    │                                    │                       │
///        └──── unschedule ────┘                               abandon ▼        preliminary/final report
///   cancel (before start), discontinue (any open state), hold ⇄ release                    ▼
///                                                                             preliminary ─▶ final ⟲ corrected
public enum OrderStateMachine {
    public struct Rule: Sendable {
        public let event: OrderEvent
        public let from: Set<OrderState>
        public let to: OrderState?
    }

    private static let open: Set<OrderState> = [.ordered, .scheduled, .arrived, .held]
    private static let reportable: Set<OrderState> = [.ordered, .scheduled, .arrived, .inProgress, .completed, .preliminary]

    /// `to == nil` keeps the state (a change recorded in the history without moving).
    public static let table: [Rule] = [
        Rule(event: .change, from: open, to: nil),
        Rule(event: .cancel, from: open, to: .cancelled),
        Rule(event: .discontinue, from: open.union([.inProgress]), to: .discontinued),
        Rule(event: .hold, from: [.ordered, .scheduled], to: .held),
        Rule(event: .release, from: [.held], to: .ordered),
        Rule(event: .schedule, from: [.ordered, .scheduled], to: .scheduled),
        Rule(event: .unschedule, from: [.scheduled], to: .ordered),
        Rule(event: .arrive, from: [.ordered, .scheduled], to: .arrived),
        Rule(event: .start, from: [.ordered, .scheduled, .arrived], to: .inProgress),
        Rule(event: .start, from: [.inProgress], to: nil),
        Rule(event: .complete, from: [.inProgress], to: .completed),
        Rule(event: .abandon, from: [.inProgress], to: .discontinued),
        // A report proves the exam was performed, also when no MPPS told us so.
        Rule(event: .preliminaryReport, from: reportable, to: .preliminary),
        Rule(event: .finalReport, from: reportable, to: .final),
        Rule(event: .correctedReport, from: [.final], to: nil),
    ]

    public struct IllegalTransition: Error, Sendable, Equatable, CustomStringConvertible {
        public let state: OrderState
        public let event: OrderEvent
        public var description: String { "an order that is \(state.rawValue) cannot take '\(event.rawValue)'" }
    }

    /// The state `event` leads to from `state`, or the refusal.
    public static func next(from state: OrderState, on event: OrderEvent) throws(IllegalTransition) -> OrderState {
        guard let rule = table.first(where: { $0.event == event && $0.from.contains(state) }) else {
            throw IllegalTransition(state: state, event: event)
        }
        return rule.to ?? state
    }
}
