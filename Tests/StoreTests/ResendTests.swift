import Foundation
import SQLiteStore
import Store
import Testing

/// A resend adds at most one pending item per message and destination, however many calls race.
@Suite struct ResendTests {
    func deliveredEverywhere(_ store: SQLiteStore) async throws -> Int64 {
        _ = try await store.append(entry("R1", deliveries: [OutboxRequest(destination: "ris", orderingKey: "A"),
                                                            OutboxRequest(destination: "ehr", orderingKey: "A")]))
        for destination in ["ris", "ehr"] {
            for item in try await store.deliverable(destination: destination, now: .distantFuture, busyKeys: [], limit: 10) {
                try await store.markDelivered(id: item.id)
            }
        }
        return try #require(try await store.journalEntries(JournalQuery(controlID: "R1")).first?.id)
    }

    func pending(_ store: SQLiteStore) async throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try await store.destinationStatistics().map { ($0.name, $0.pending) })
    }

    @Test func concurrentResendsQueueOneItemPerDestination() async throws {
        let (store, _) = try temporaryStore()
        let id = try await deliveredEverywhere(store)
        let outcomes = try await withThrowingTaskGroup(of: ResendOutcome.self) { group in
            for call in 0..<50 { group.addTask { try await store.resend(journalID: id, to: call % 3 == 0 ? ["ehr"] : nil) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0.queued.contains("ris") }.count == 1)
        #expect(outcomes.filter { $0.queued.contains("ehr") }.count == 1)
        #expect(try await pending(store) == ["ris": 1, "ehr": 1])
    }

    @Test func namedDestinationsOnlyAndUnroutedOnesReported() async throws {
        let (store, _) = try temporaryStore()
        let id = try await deliveredEverywhere(store)
        #expect(try await store.resend(journalID: id, to: ["ehr", "pacs"]) == ResendOutcome(queued: ["ehr"], notRouted: ["pacs"]))
        #expect(try await store.resend(journalID: id, to: nil) == ResendOutcome(queued: ["ris"], alreadyQueued: ["ehr"]))
        #expect(try await pending(store) == ["ris": 1, "ehr": 1])
    }

    @Test func aDeadItemIsMarkedResentOnlyForTheDestinationResent() async throws {
        let (store, _) = try temporaryStore()
        _ = try await store.append(entry("D1", deliveries: [OutboxRequest(destination: "ris", orderingKey: "A"),
                                                            OutboxRequest(destination: "ehr", orderingKey: "A")]))
        for destination in ["ris", "ehr"] {
            let item = try #require(try await store.deliverable(destination: destination, now: .distantFuture, busyKeys: [], limit: 1).first)
            try await store.deadLetter(id: item.id, attempts: 3, error: "AE")
        }
        let id = try #require(try await store.journalEntries(JournalQuery(controlID: "D1")).first?.id)
        #expect(try await store.resend(journalID: id, to: ["ris"]).queued == ["ris"])
        let dead = Dictionary(uniqueKeysWithValues: try await store.destinationStatistics().map { ($0.name, $0.deadLetters) })
        #expect(dead == ["ris": 0, "ehr": 1])
    }
}
