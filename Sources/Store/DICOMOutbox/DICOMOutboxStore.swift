import Foundation

/// The durable per-destination queues of instances to forward by C-STORE. One row per
/// (destination, SOP instance UID): queueing an instance again never re-sends one that succeeded.
public protocol DICOMOutboxStore: Sendable {
    /// Queues the items that are not queued yet; returns how many were new.
    @discardableResult
    func enqueueDICOM(_ items: [NewDICOMOutboxItem]) async throws -> Int
    /// Queued items of a destination whose next attempt is due, oldest first.
    func dueDICOM(destination: String, now: Date, limit: Int) async throws -> [DICOMOutboxItem]
    func nextDICOMDueDate(destination: String) async throws -> Date?
    func markDICOMSent(id: Int64, headers: String) async throws
    /// A storage commitment report: sent instances become committed, or failed when the destination refused.
    func recordDICOMCommitment(destination: String, committed: [String], failed: [String]) async throws
    func scheduleDICOMRetry(id: Int64, attempts: Int, at date: Date, error: String) async throws
    func markDICOMFailed(id: Int64, attempts: Int, error: String) async throws
    /// Queues again the sent (or committed) instances of a study whose headers changed since
    /// (patient update); returns the destinations touched.
    func requeueDICOM(studyInstanceUID: String, unlessHeaders headers: String, reason: String) async throws -> [String]
    /// Every row of a study (for `GET /api/studies/{uid}`).
    func dicomItems(studyInstanceUID: String) async throws -> [DICOMOutboxItem]
    /// Studies with an instance sent or committed somewhere, with the headers they were sent with.
    func dicomSentStudies() async throws -> [(studyInstanceUID: String, headers: String)]
    func dicomOutboxStatistics() async throws -> [DICOMOutboxStatistics]
}
