extension OrderStateMachine {
    /// The states an exam passes through, in order; a reported state may skip ahead along it.
    public static let progression: [OrderState] = [.ordered, .scheduled, .arrived, .inProgress, .completed, .preliminary, .final]

    /// States no report moves on from.
    public static let closed: Set<OrderState> = [.cancelled, .discontinued, .final]

    /// The steps a reported state may imply; a hold ends when the exam goes ahead anyway.
    private static let forwardEvents: [OrderEvent] = [.schedule, .arrive, .start, .complete, .release]

    /// The shortest chain of forward events from `state` to `target` (scheduled → completed is
    /// start, complete), or nil when the table offers none.
    public static func forwardPath(from state: OrderState, to target: OrderState) -> [OrderEvent]? {
        var paths: [OrderState: [OrderEvent]] = [state: []]
        var frontier = [state]
        while !frontier.isEmpty {
            var nextFrontier: [OrderState] = []
            for current in frontier {
                for event in forwardEvents {
                    guard let next = try? OrderStateMachine.next(from: current, on: event), paths[next] == nil else { continue }
                    paths[next] = paths[current]! + [event]
                    if next == target { return paths[next] }
                    nextFrontier.append(next)
                }
            }
            frontier = nextFrontier
        }
        return nil
    }

    /// Where `event` leads when the table allows it (nil for events that keep the state).
    static func target(of event: OrderEvent) -> OrderState? { table.first { $0.event == event }?.to }

    /// Why the lifecycle refuses to move an order in `state` (towards `target`, when known).
    static func rule(refusing target: OrderState?, from state: OrderState) -> String {
        switch state {
        case .cancelled: return "a cancelled order is closed; a new order (NW) is needed"
        case .discontinued: return "a discontinued order is closed; a new order (NW) is needed"
        case .final: return "the report is final; only a corrected report changes the order"
        case .completed, .preliminary: return "the exam is done; only its report moves the order on"
        case .inProgress where target == .cancelled: return "the exam has started; it can be discontinued (DC), not cancelled"
        case .inProgress: return "the exam is in progress"
        case .held: return "the order is on hold until released (RL)"
        case .arrived where target == .held: return "the patient has arrived; an arrived order cannot be held"
        case .ordered, .scheduled, .arrived: return "the order lifecycle has no such step from \(state.rawValue)"
        }
    }
}
