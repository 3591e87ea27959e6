/// A filter over the journal, newest first.
public struct JournalQuery: Sendable {
    public var status: JournalStatus?
    public var messageType: String?
    public var controlID: String?
    public var limit: Int

    public init(status: JournalStatus? = nil, messageType: String? = nil, controlID: String? = nil, limit: Int = 100) {
        self.status = status
        self.messageType = messageType
        self.controlID = controlID
        self.limit = limit
    }
}
