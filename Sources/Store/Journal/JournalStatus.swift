/// What the engine decided about an inbound message.
public enum JournalStatus: String, Sendable, Codable, CaseIterable {
    /// Parsed, valid, acknowledged AA/CA, and routed.
    case accepted
    /// Answered AE/AR; never routed.
    case rejected
    /// Emitted by RadBridge itself (order status, reports, critical-result notices, charges) for its destinations.
    case outbound
    /// Same sending application, facility and control ID as an accepted message; answered AA, not routed again.
    case duplicate
}
