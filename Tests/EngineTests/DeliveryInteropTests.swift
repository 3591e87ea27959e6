import Engine
import Foundation
import NIOPosix
import Store
import Testing

/// Our outbox delivers to the python `hl7` MLLP sink.
@Suite(.serialized) struct DeliveryInteropTests {
    private func configuration(sinkPort: Int, extra: String = "") throws -> EngineConfiguration {
        try EngineConfiguration(yaml: """
            destinations:
              ris:
                mllp: "127.0.0.1:\(sinkPort)"
                ackTimeout: 1
                backoff: { initial: 0.05, max: 0.2 }
            \(extra)
            routes:
              - { match: { type: "ADT^*" }, to: [ris] }
            """)
    }

    @Test func perPatientOrderIsKeptAndEachMessageArrivesOnce() async throws {
        let sink = try await PythonSink()
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try configuration(sinkPort: sink.port))
        let patients = ["PA", "PB", "PC"]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for patient in patients {
                group.addTask {
                    for i in 0..<15 {
                        let reply = try await engine.send(Messages.adt("\(patient)-\(i)", patient: patient))
                        #expect(Messages.msa(reply) == "MSA|AA|\(patient)-\(i)")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await sink.waitUntil { $0.received.count >= 45 })
        let received = sink.received
        #expect(Set(received.map(\.controlID)).count == 45)
        #expect(received.count == 45)
        for patient in patients {
            let order = received.filter { $0.patient == patient }.map(\.controlID)
            #expect(order == (0..<15).map { "\(patient)-\($0)" })
        }
        await engine.stop()
    }

    @Test func rejectedAndUnansweredDeliveriesAreRetriedWithTheSameControlID() async throws {
        let sink = try await PythonSink(options: ["--silent-first", "1", "--ar-first", "2"])
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try configuration(sinkPort: sink.port))
        _ = try await engine.send(Messages.adt("R1", patient: "P1"))
        _ = try await engine.send(Messages.adt("R2", patient: "P1"))
        #expect(try await sink.waitUntil { $0.appliedMessages.count >= 2 })
        let received = sink.received
        // R1: no reply (timeout), AR, AR, then AA; R2 only after R1, once.
        #expect(received.map(\.controlID) == ["R1", "R1", "R1", "R1", "R2"])
        #expect(received.map(\.code) == ["none", "AR", "AR", "AA", "AA"])
        await engine.stop()
    }

    @Test func applicationErrorIsDeadLetteredAndCanBeResent() async throws {
        let sink = try await PythonSink(options: ["--ae", "BAD1"])
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try configuration(sinkPort: sink.port, extra: """
                aeRetries: 1
            """))
        _ = try await engine.send(Messages.adt("BAD1", patient: "P1"))
        _ = try await engine.send(Messages.adt("OK2", patient: "P1"))
        #expect(try await sink.waitUntil { $0.appliedMessages.contains { $0.controlID == "OK2" } })
        #expect(sink.received.filter { $0.controlID == "BAD1" }.map(\.code) == ["AE", "AE"])
        var destinations = try await engine.http("GET", "/api/destinations").json as! [[String: Any]]
        #expect(destinations.first?["deadLetters"] as? Int == 1)
        #expect((destinations.first?["lastError"] as? String)?.contains("AE") == true)
        let id = try #require(try await engine.store.journalEntries(JournalQuery(controlID: "BAD1")).first?.id)
        let resend = try await engine.http("POST", "/api/messages/\(id)/resend")
        #expect(resend.status == 202)
        #expect(try await sink.waitUntil { $0.received.filter { $0.controlID == "BAD1" }.count >= 4 })
        destinations = try await engine.http("GET", "/api/destinations").json as! [[String: Any]]
        #expect(destinations.first?["deadLetters"] as? Int == 1)
        await engine.stop()
    }

    @Test func refusedConnectionIsRetriedUntilTheDestinationComesUp() async throws {
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = probe.localAddress!.port!
        try await probe.close()
        let engine = try await RunningEngine.start(try configuration(sinkPort: port))
        _ = try await engine.send(Messages.adt("LATE1", patient: "P1"))
        try await Task.sleep(for: .milliseconds(500))
        let stats = try #require(try await engine.store.destinationStatistics().first)
        #expect(stats.pending == 1)
        #expect(stats.lastError != nil)
        let sink = try await PythonSink(port: port)
        defer { sink.stop() }
        #expect(try await sink.waitUntil { $0.appliedMessages.map(\.controlID) == ["LATE1"] })
        await engine.stop()
    }

    @Test func fifoDestinationKeepsGlobalOrder() async throws {
        let sink = try await PythonSink()
        defer { sink.stop() }
        let engine = try await RunningEngine.start(try configuration(sinkPort: sink.port, extra: """
                ordering: fifo
            """))
        for i in 0..<20 { _ = try await engine.send(Messages.adt("F\(i)", patient: "P\(i % 4)")) }
        #expect(try await sink.waitUntil { $0.received.count >= 20 })
        #expect(sink.received.map(\.controlID) == (0..<20).map { "F\($0)" })
        await engine.stop()
    }
}
