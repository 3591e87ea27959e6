import Foundation
import SQLiteStore
import Store
import Testing

@Suite struct JournalWarningTests {
    static let dateWarning = JournalWarning(kind: "PID-7 102 Data type error", code: 102, location: "PID-7",
                                            text: "PID-7 is not a valid HL7 timestamp")
    static let missingEVN = JournalWarning(kind: "EVN 100 Segment sequence error", code: 100, location: "EVN",
                                           text: "required segment EVN is missing")

    @Test func warningsAreStoredWithTheEntryAndReadBack() async throws {
        let (store, directory) = try temporaryStore()
        var warned = entry("W1")
        warned.warnings = [Self.dateWarning, Self.missingEVN]
        let id = try await store.append(warned).id
        let clean = try await store.append(entry("W2")).id
        let reopened = try SQLiteStore(directory: directory)
        #expect(try await reopened.journalEntry(id: id)?.warnings == [Self.dateWarning, Self.missingEVN])
        #expect(try await reopened.journalEntry(id: clean)?.warnings == [])
        #expect(try await reopened.journalEntries(JournalQuery()).map(\.warnings.count) == [0, 2])
    }

    @Test func eachSenderCountsItsMessagesAndWarningKinds() async throws {
        let (store, _) = try temporaryStore()
        for (id, warnings) in [("A", [Self.dateWarning, Self.dateWarning]), ("B", [Self.dateWarning, Self.missingEVN]), ("C", [])] {
            var e = entry(id)
            e.warnings = warnings
            _ = try await store.append(e)
        }
        var again = entry("A")  // a duplicate is journaled but not counted twice
        again.warnings = [Self.dateWarning]
        _ = try await store.append(again)
        _ = try await store.append(entry("X", app: "LIS", status: .rejected))
        let senders = try await store.senderStatistics()
        #expect(senders.map(\.sendingApplication) == ["HIS", "LIS"])
        let his = senders[0]
        #expect(his.messages == 4 && his.accepted == 3 && his.duplicates == 1 && his.rejected == 0)
        #expect(his.withWarnings == 3)
        // Messages per kind: A and B had the date problem (A twice, counted once), B the missing EVN.
        #expect(his.warnings == ["PID-7 102 Data type error": 2, "EVN 100 Segment sequence error": 1])
        #expect(senders[1].messages == 1 && senders[1].rejected == 1 && senders[1].warnings.isEmpty)
    }
}
