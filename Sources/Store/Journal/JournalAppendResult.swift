/// The outcome of recording one message; returned only once it is durable.
public struct JournalAppendResult: Sendable, Equatable {
    public var id: Int64
    /// `duplicate` when an accepted entry with the same sender and control ID already existed.
    public var status: JournalStatus
    public var duplicateOf: Int64?

    public init(id: Int64, status: JournalStatus, duplicateOf: Int64? = nil) {
        self.id = id
        self.status = status
        self.duplicateOf = duplicateOf
    }
}
