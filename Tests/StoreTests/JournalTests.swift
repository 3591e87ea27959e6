import Foundation
import SQLiteStore
import Store
import Testing

@Suite struct JournalTests {
    @Test func appendedEntryIsReadBackAfterReopening() async throws {
        let (store, directory) = try temporaryStore()
        let result = try await store.append(entry("C1"))
        #expect(result.status == .accepted)
        let reopened = try SQLiteStore(directory: directory)
        let read = try #require(try await reopened.journalEntry(id: result.id))
        #expect(read.controlID == "C1")
        #expect(read.status == .accepted)
        #expect(read.raw == entry("C1").raw)
        #expect(read.sendingFacility == "HOSP")
    }

    @Test func sameSenderAndControlIDIsADuplicate() async throws {
        let (store, _) = try temporaryStore()
        let route = [OutboxRequest(destination: "ris", orderingKey: "P1")]
        let first = try await store.append(entry("C1", deliveries: route))
        let again = try await store.append(entry("C1", deliveries: route))
        #expect(again.status == .duplicate)
        #expect(again.duplicateOf == first.id)
        let otherFacility = try await store.append(entry("C1", facility: "OTHER", deliveries: route))
        #expect(otherFacility.status == .accepted)
        let stats = try await store.destinationStatistics()
        #expect(stats.first?.pending == 2)
    }

    @Test func rejectedMessagesDoNotMakeDuplicates() async throws {
        let (store, _) = try temporaryStore()
        _ = try await store.append(entry("C1", status: .rejected))
        let retry = try await store.append(entry("C1"))
        #expect(retry.status == .accepted)
        #expect(try await store.destinationStatistics().isEmpty)
    }

    @Test func concurrentAppendsShareCommits() async throws {
        let (store, _) = try temporaryStore()
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for i in 0..<400 {
                group.addTask { try await store.append(entry("C\(i)")).id }
            }
            return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
        }
        #expect(ids.count == 400)
        let commits = await store.commitCount
        #expect(commits < 400)
        #expect(try await store.journalEntries(JournalQuery(limit: 1000)).count == 400)
    }

    /// A write that fails inside a group commit fails alone: its batch is rolled back and run again
    /// with each write in a savepoint, so the others commit and the failed one leaves nothing behind.
    @Test func aFailingWriteInABatchFailsAlone() async throws {
        let (store, _) = try temporaryStore()
        _ = try await store.appendWorkflowEvent(sequence: 1, [1], outputs: [], inbound: nil)
        let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
            for i in 0..<200 {
                group.addTask {
                    if i == 100 {
                        // Sequence 1 is taken: the event's primary key refuses it.
                        let failed = (try? await store.appendWorkflowEvent(sequence: 1, [2], outputs: [], inbound: entry("SEQ1"))) == nil
                        return ("SEQ1", failed)
                    }
                    return ("C\(i)", (try? await store.append(entry("C\(i)"))) != nil)
                }
            }
            return await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes["SEQ1"] == true, "the duplicate sequence is refused")
        #expect(outcomes.filter { $0.key != "SEQ1" }.values.allSatisfy { $0 }, "every other write succeeds")
        let stored = try await store.journalEntries(JournalQuery(limit: 1000)).compactMap(\.controlID)
        #expect(stored.count == 199)
        #expect(!stored.contains("SEQ1"), "the failed write's journal entry was rolled back with it")
        #expect(try await store.workflowEvents().map(\.event) == [[1]])
    }

    @Test func queryFilters() async throws {
        let (store, _) = try temporaryStore()
        _ = try await store.append(entry("A", type: "ADT^A04"))
        _ = try await store.append(entry("B", type: "ADT^A08^ADT_A01"))
        _ = try await store.append(entry("C", type: "ORU^R01", status: .rejected))
        #expect(try await store.journalEntries(JournalQuery(messageType: "ADT")).map(\.controlID) == ["B", "A"])
        #expect(try await store.journalEntries(JournalQuery(messageType: "ADT^A08")).map(\.controlID) == ["B"])
        #expect(try await store.journalEntries(JournalQuery(status: .rejected)).map(\.controlID) == ["C"])
        #expect(try await store.journalEntries(JournalQuery(controlID: "A")).count == 1)
        #expect(try await store.journalEntries(JournalQuery(limit: 2)).map(\.controlID) == ["C", "B"])
    }

    /// Accepted entries and the others are indexed apart; a control ID query finds both kinds,
    /// newest first, with the other filters applied to each.
    @Test func controlIDQueryFindsAcceptedRejectedAndDuplicateEntries() async throws {
        let (store, _) = try temporaryStore()
        let rejected = try await store.append(entry("X", status: .rejected))
        let accepted = try await store.append(entry("X"))
        let duplicate = try await store.append(entry("X"))
        _ = try await store.append(entry("Y"))
        #expect(duplicate.status == .duplicate)
        let all = try await store.journalEntries(JournalQuery(controlID: "X"))
        #expect(all.map(\.id) == [duplicate.id, accepted.id, rejected.id])
        #expect(try await store.journalEntries(JournalQuery(status: .duplicate, controlID: "X")).map(\.id) == [duplicate.id])
        #expect(try await store.journalEntries(JournalQuery(status: .accepted, controlID: "X")).map(\.id) == [accepted.id])
        #expect(try await store.journalEntries(JournalQuery(status: .accepted)).map(\.controlID) == ["Y", "X"])
        #expect(try await store.journalEntries(JournalQuery(controlID: "X", limit: 1)).map(\.id) == [duplicate.id])
    }
}
