/// What the engine decided about an inbound message.
public enum JournalStatus: String, Sendable, Codable, CaseIterable {
    /// Parsed, valid, acknowledged AA/CA, and routed.
    case accepted
    /// Answered AE/AR; never routed.
    case rejected
    /// Same sending application, facility and control ID as an accepted message; answered AA, not routed again.
    case duplicate
}
