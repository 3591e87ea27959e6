import HL7

/// What applying one input did: the acknowledgement it earns, the response to send back (an ACK,
/// or an ORR^O02 for orders), and the messages it emits for other systems (order status updates).
public struct WorkflowOutcome: Sendable {
    public var code: HL7AckCode = .AA
    public var issues: [HL7Issue] = []
    public var response: HL7Message?
    /// Status messages for the destinations `workflow.statusTo` names.
    public var statusUpdates: [HL7Message] = []
    /// Reports to forward to `workflow.reportsTo`.
    public var reportsToForward: [HL7Message] = []
    /// Critical-result notifications for `workflow.criticalTo` (enhanced acknowledgement mode).
    public var criticalNotifications: [HL7Message] = []
    /// DFT^P03 charges for `workflow.chargesTo`.
    public var charges: [HL7Message] = []
    /// ADT^A31 PIX update notifications for `workflow.pixUpdatesTo`.
    public var pixUpdates: [HL7Message] = []
    /// Messages (or parts) held in quarantine instead of being filed.
    public var quarantined = 0
    /// A received instance was an identical copy of a filed one: the filed copy is kept.
    public var duplicateInstance = false
    /// Orders whose worklist entries changed (for the worklist index).
    public var changedOrders: Set<Int> = []

    public init() {}

    /// The message is applied, but not all of it as sent: the sender is told (an ERR with severity W)
    /// and the journal keeps it.
    mutating func warn(_ code: HL7ErrorCode, at location: HL7ErrorLocation?, _ text: String) {
        issues.append(HL7Issue(code, at: location, text, severity: .warning))
    }

    /// Said in the response, changing nothing (severity I).
    mutating func inform(at location: HL7ErrorLocation?, _ text: String) {
        issues.append(HL7Issue(.messageAccepted, at: location, text, severity: .information))
    }

    /// The warnings the workflow added (what the journal keeps with an accepted message).
    public var warnings: [HL7Issue] { issues.filter { $0.severity == .warning } }

    mutating func refuse(_ code: HL7ErrorCode, at location: HL7ErrorLocation?, _ text: String) {
        issues.append(HL7Issue(code, at: location, text))
        if self.code == .AA { self.code = code.isRejection ? .AR : .AE }
    }
}
