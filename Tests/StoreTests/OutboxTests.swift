import Foundation
import SQLiteStore
import Store
import Testing

@Suite struct OutboxTests {
    private func enqueue(_ store: SQLiteStore, _ controlID: String, key: String, to destination: String = "ris")
        async throws -> Int64
    {
        _ = try await store.append(entry(controlID, deliveries: [OutboxRequest(destination: destination,
                                                                                orderingKey: key)]))
        let items = try await store.deliverable(destination: destination, now: .distantFuture, busyKeys: [],
                                                limit: 1000)
        return try #require(items.first { $0.controlID == controlID }?.id)
    }

    private func due(_ store: SQLiteStore, busy: Set<String> = []) async throws -> [String] {
        try await store.deliverable(destination: "ris", now: Date().addingTimeInterval(1), busyKeys: busy, limit: 10)
            .compactMap(\.controlID)
    }

    @Test func onlyTheHeadOfEachPatientIsDeliverable() async throws {
        let (store, _) = try temporaryStore()
        let a1 = try await enqueue(store, "A1", key: "A")
        _ = try await store.append(entry("A2", deliveries: [OutboxRequest(destination: "ris", orderingKey: "A")]))
        _ = try await enqueue(store, "B1", key: "B")
        #expect(try await due(store) == ["A1", "B1"])
        #expect(try await due(store, busy: ["A"]) == ["B1"])
        try await store.markDelivered(id: a1)
        #expect(try await due(store) == ["A2", "B1"])
    }

    @Test func retryLaterBlocksOnlyThatPatient() async throws {
        let (store, _) = try temporaryStore()
        let a1 = try await enqueue(store, "A1", key: "A")
        _ = try await store.append(entry("A2", deliveries: [OutboxRequest(destination: "ris", orderingKey: "A")]))
        _ = try await enqueue(store, "B1", key: "B")
        let later = Date().addingTimeInterval(60)
        try await store.scheduleRetry(id: a1, attempts: 1, at: later, error: "AR")
        #expect(try await due(store) == ["B1"])
        let next = try #require(try await store.nextDueDate(destination: "ris"))
        #expect(next <= Date().addingTimeInterval(1))
        let stats = try #require(try await store.destinationStatistics().first)
        #expect(stats.lastError == "AR")
    }

    @Test func deadLetterUnblocksThePatientAndCanBeResent() async throws {
        let (store, _) = try temporaryStore()
        let a1 = try await enqueue(store, "A1", key: "A")
        _ = try await store.append(entry("A2", deliveries: [OutboxRequest(destination: "ris", orderingKey: "A")]))
        try await store.deadLetter(id: a1, attempts: 3, error: "AE")
        #expect(try await due(store) == ["A2"])
        var stats = try #require(try await store.destinationStatistics().first)
        #expect(stats.deadLetters == 1)
        #expect(stats.pending == 1)
        let journalID = try #require(try await store.journalEntries(JournalQuery(controlID: "A1")).first?.id)
        #expect(try await store.resend(journalID: journalID) == 1)
        stats = try #require(try await store.destinationStatistics().first)
        #expect(stats.deadLetters == 0)
        #expect(stats.pending == 2)
        #expect(try await due(store) == ["A2"])  // the resent copy queues behind A2
    }

    @Test func destinationsAreIndependent() async throws {
        let (store, _) = try temporaryStore()
        _ = try await store.append(entry("X", deliveries: [OutboxRequest(destination: "ris", orderingKey: "A"),
                                                           OutboxRequest(destination: "ehr", orderingKey: "A")]))
        let ris = try await store.deliverable(destination: "ris", now: .distantFuture, busyKeys: [], limit: 10)
        let ehr = try await store.deliverable(destination: "ehr", now: .distantFuture, busyKeys: [], limit: 10)
        #expect(ris.count == 1 && ehr.count == 1)
        try await store.markDelivered(id: ris[0].id)
        #expect(try await store.deliverable(destination: "ehr", now: .distantFuture, busyKeys: [], limit: 10).count == 1)
        #expect(ehr[0].payload == entry("X").raw)
    }
}
