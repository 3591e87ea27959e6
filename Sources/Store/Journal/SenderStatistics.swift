/// What one sender (MSH-3, MSH-4) has sent: for an interface analyst, what a feed gets wrong.
public struct SenderStatistics: Sendable, Codable, Equatable {
    public var sendingApplication: String
    public var sendingFacility: String
    /// Inbound journal entries: accepted, rejected and duplicates.
    public var messages: Int
    public var accepted: Int
    public var rejected: Int
    public var duplicates: Int
    /// Messages journaled with at least one warning.
    public var withWarnings: Int
    /// Per warning kind (`PID-7 102 Data type error`), the number of messages that had it.
    public var warnings: [String: Int]

    public init(sendingApplication: String, sendingFacility: String, messages: Int = 0, accepted: Int = 0,
                rejected: Int = 0, duplicates: Int = 0, withWarnings: Int = 0, warnings: [String: Int] = [:]) {
        self.sendingApplication = sendingApplication
        self.sendingFacility = sendingFacility
        self.messages = messages
        self.accepted = accepted
        self.rejected = rejected
        self.duplicates = duplicates
        self.withWarnings = withWarnings
        self.warnings = warnings
    }
}
