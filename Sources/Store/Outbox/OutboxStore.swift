import Foundation

/// Persistent per-destination queues.
public protocol OutboxStore: Sendable {
    /// Pending items that are due and first in line for their ordering key, oldest first.
    /// Items whose key is in `busyKeys` (being delivered now) are left out.
    func deliverable(destination: String, now: Date, busyKeys: Set<String>, limit: Int) async throws -> [OutboxItem]
    /// The earliest time a pending item of the destination becomes due, if any is pending.
    func nextDueDate(destination: String) async throws -> Date?
    func markDelivered(id: Int64) async throws
    func scheduleRetry(id: Int64, attempts: Int, at date: Date, error: String) async throws
    func deadLetter(id: Int64, attempts: Int, error: String) async throws
    /// Queues the journal entry again to `destinations` (nil: every destination it was queued for),
    /// except where it is still pending: one pending item per message and destination, whatever
    /// concurrent calls do.
    func resend(journalID: Int64, to destinations: [String]?) async throws -> ResendOutcome
    func destinationStatistics() async throws -> [DestinationStatistics]
}

extension OutboxStore {
    /// Resends to every destination; returns how many items were created.
    public func resend(journalID: Int64) async throws -> Int {
        try await resend(journalID: journalID, to: nil).queued.count
    }
}
