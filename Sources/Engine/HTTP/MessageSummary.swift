import Foundation
import Store

/// A journal entry as the API and `radbridge journal list --json` show it.
public struct MessageSummary: Codable, Sendable {
    public var id: Int64
    public var receivedAt: Date
    public var peer: String
    public var controlID: String?
    public var messageType: String?
    public var sendingApplication: String?
    public var sendingFacility: String?
    public var status: JournalStatus
    public var error: String?
    public var duplicateOf: Int64?
    /// How many validation warnings the message was journaled with (listed in its detail).
    public var warningCount: Int

    public init(_ entry: JournalEntry) {
        id = entry.id
        receivedAt = entry.receivedAt
        peer = entry.peer
        controlID = entry.controlID
        messageType = entry.messageType
        sendingApplication = entry.sendingApplication
        sendingFacility = entry.sendingFacility
        status = entry.status
        error = entry.error
        duplicateOf = entry.duplicateOf
        warningCount = entry.warnings.count
    }
}
