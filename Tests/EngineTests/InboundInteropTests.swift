import Engine
import Foundation
import Store
import Testing

/// The python `hl7` library's MLLPClient sends to our listener.
@Suite(.serialized) struct InboundInteropTests {
    @Test func pythonClientGetsAAAndEveryMessageIsJournaled() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        // In workflow order: the order is booked before it is reported (a booking after the final report is refused).
        let files = ["adt_a04_register.hl7", "orm_o01_new_ge_zds.hl7", "siu_s12_book.hl7", "oru_r01_report_final.hl7"]
        let sender = try ChildProcess.python("hl7_send.py", [String(engine.mllpPort)] + files.map(Paths.fixture))
        #expect(await sender.waitForExit() == 0)
        let lines = sender.standardOutput.split(separator: "\n")
        #expect(lines.count == files.count)
        #expect(lines.allSatisfy { $0.contains(" MSA|AA|") || $0.contains(" MSA|CA|") })
        #expect(lines.contains { $0.contains("adt_a04_register.hl7 MSA|CA|ADT0001") })  // MSH-15 AL: commit ACK
        let journal = try await engine.store.journalEntries(JournalQuery())
        #expect(journal.count == files.count)
        #expect(journal.allSatisfy { $0.status == .accepted })
        let raw = String(decoding: try #require(journal.last).raw, as: UTF8.self)
        #expect(raw.hasPrefix("MSH|"))
        await engine.stop()
    }

    @Test func duplicateIsAcknowledgedAgainAndNotRoutedTwice() async throws {
        let sink = try await PythonSink()
        defer { sink.stop() }
        let configuration = try EngineConfiguration(yaml: """
            destinations: { ris: { mllp: "127.0.0.1:\(sink.port)" } }
            routes: [ { match: { type: "ADT^*" }, to: [ris] } ]
            """)
        let engine = try await RunningEngine.start(configuration)
        let first = try await engine.send(Messages.adt("DUP1", patient: "P1"))
        let again = try await engine.send(Messages.adt("DUP1", patient: "P1"))
        #expect(Messages.msa(first) == "MSA|AA|DUP1")
        #expect(Messages.msa(again) == "MSA|AA|DUP1")
        let statuses = try await engine.store.journalEntries(JournalQuery(controlID: "DUP1")).map(\.status)
        #expect(statuses == [.duplicate, .accepted])
        #expect(try await sink.waitUntil { $0.received.count >= 1 })
        try await Task.sleep(for: .milliseconds(500))
        #expect(sink.received.map(\.controlID) == ["DUP1"])
        await engine.stop()
    }

    @Test func stopEndsRunAndLeavesTheJournalReadable() async throws {
        let engine = try await RunningEngine.start()
        #expect(Messages.msa(try await engine.send(Messages.adt("S1", patient: "P"))) == "MSA|AA|S1")
        await engine.stop()
        #expect(try await engine.store.journalEntries(JournalQuery(controlID: "S1")).count == 1)
    }
}
