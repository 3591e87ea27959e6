/// The inbound journal: every message is recorded before it is acknowledged.
public protocol JournalStore: Sendable {
    /// Records the message (and, if accepted and new, its outbox items) durably, then returns.
    func append(_ entry: NewJournalEntry) async throws -> JournalAppendResult
    func journalEntries(_ query: JournalQuery) async throws -> [JournalEntry]
    func journalEntry(id: Int64) async throws -> JournalEntry?
    /// Every sender of inbound messages, with its message counts and warning counts by kind, sorted by sender.
    func senderStatistics() async throws -> [SenderStatistics]
}
