import Foundation

/// An inbound message as it is recorded, before it has an ID.
public struct NewJournalEntry: Sendable {
    public var raw: [UInt8]
    public var peer: String
    public var receivedAt: Date
    public var controlID: String?
    public var messageType: String?
    public var sendingApplication: String?
    public var sendingFacility: String?
    public var status: JournalStatus
    public var error: String?
    /// Validation warnings the message was accepted (or refused) with; none for nearly every message.
    public var warnings: [JournalWarning] = []
    /// Outbox items to create in the same transaction if the message is accepted and not a duplicate.
    public var deliveries: [OutboxRequest]

    public init(raw: [UInt8], peer: String, receivedAt: Date, controlID: String?, messageType: String?,
                sendingApplication: String?, sendingFacility: String?, status: JournalStatus,
                error: String? = nil, deliveries: [OutboxRequest] = []) {
        self.raw = raw
        self.peer = peer
        self.receivedAt = receivedAt
        self.controlID = controlID
        self.messageType = messageType
        self.sendingApplication = sendingApplication
        self.sendingFacility = sendingFacility
        self.status = status
        self.error = error
        self.deliveries = deliveries
    }
}
