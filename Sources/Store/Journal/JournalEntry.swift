import Foundation

/// A recorded inbound message.
public struct JournalEntry: Sendable, Codable, Equatable {
    public var id: Int64
    public var raw: [UInt8]
    public var peer: String
    public var receivedAt: Date
    public var controlID: String?
    public var messageType: String?
    public var sendingApplication: String?
    public var sendingFacility: String?
    public var status: JournalStatus
    public var error: String?
    public var warnings: [JournalWarning] = []
    /// For a duplicate, the accepted entry it repeats.
    public var duplicateOf: Int64?

    public init(id: Int64, raw: [UInt8], peer: String, receivedAt: Date, controlID: String?, messageType: String?,
                sendingApplication: String?, sendingFacility: String?, status: JournalStatus, error: String?,
                duplicateOf: Int64?, warnings: [JournalWarning] = []) {
        self.id = id
        self.raw = raw
        self.peer = peer
        self.receivedAt = receivedAt
        self.controlID = controlID
        self.messageType = messageType
        self.sendingApplication = sendingApplication
        self.sendingFacility = sendingFacility
        self.status = status
        self.error = error
        self.duplicateOf = duplicateOf
        self.warnings = warnings
    }
}
