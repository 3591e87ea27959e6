public enum OutboxState: String, Sendable, Codable {
    case pending
    case delivered
    /// Gave up; waits for a manual resend.
    case dead
    /// A dead item that was resent as a new item.
    case resent
}
