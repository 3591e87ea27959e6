import Engine
import Foundation
import HL7
import MLLP
import Store
import Testing

/// Hostile MLLP clients over real sockets: connection floods, slowloris, idle and junk-dribbling
/// connections, oversized frames, and spoofed critical-result acknowledgements. After each attack
/// the engine still answers an MLLP message and `/healthz`.
@Suite(.serialized) struct HostileMLLPTests {
    private func stillServes(_ engine: RunningEngine, _ id: String) async throws {
        #expect(Messages.msa(try await engine.send(Messages.adt(id, patient: "P"))) == "MSA|AA|\(id)")
        let (status, body) = try await engine.http("GET", "/healthz")
        #expect(status == 200 && (body as? [String: Any])?["status"] as? String == "ok")
    }

    private func frame(_ text: String) -> [UInt8] { MLLPFraming.frame(Array(text.utf8)) }

    @Test func connectionsBeyondTheCapAreClosedWhileTheAdmittedOnesAreServed() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "mllp: { maxConnections: 4 }"))
        defer { Task { await engine.stop() } }
        let port = engine.mllpPort
        let (extraClosed, reply) = await RawSocket.offPool { () -> (Bool, String?) in
            let admitted = (0..<4).compactMap { _ in try? RawSocket(port: port) }
            defer { admitted.forEach { $0.closeSocket() } }
            Thread.sleep(forTimeInterval: 0.3)  // let the listener accept all four
            guard admitted.count == 4, let extra = try? RawSocket(port: port) else { return (false, nil) }
            defer { extra.closeSocket() }
            let closed = extra.isClosedByPeer()
            admitted[2].write(MLLPFraming.frame(Array(Messages.adt("CAP1", patient: "P").utf8)))
            return (closed, admitted[2].readFrame())
        }
        #expect(extraClosed, "the fifth connection is closed at once")
        #expect(reply.flatMap(Messages.msa) == "MSA|AA|CAP1")
        try await Task.sleep(for: .milliseconds(200))  // the four places are free again
        try await stillServes(engine, "CAP2")
    }

    /// One address cannot take the listener: beyond `mllp.maxConnectionsPerPeer` its connections are
    /// closed at once while another address (127.0.0.2, when it can be bound) is still served.
    @Test func connectionsBeyondThePerPeerCapAreClosedWhileAnotherPeerIsServed() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "mllp: { maxConnections: 16, maxConnectionsPerPeer: 3 }"))
        defer { Task { await engine.stop() } }
        let port = engine.mllpPort
        let (extraClosed, ownReply, otherReply) = await RawSocket.offPool { () -> (Bool, String?, String?) in
            let admitted = (0..<3).compactMap { _ in try? RawSocket(port: port, from: "127.0.0.1") }
            defer { admitted.forEach { $0.closeSocket() } }
            Thread.sleep(forTimeInterval: 0.3)  // let the listener accept all three
            guard admitted.count == 3, let extra = try? RawSocket(port: port, from: "127.0.0.1") else { return (false, nil, nil) }
            defer { extra.closeSocket() }
            let closed = extra.isClosedByPeer()
            admitted[1].write(MLLPFraming.frame(Array(Messages.adt("PEER1", patient: "P").utf8)))
            let own = admitted[1].readFrame()
            // Another address while this one still holds its three places.
            guard let other = try? RawSocket(port: port, from: "127.0.0.2") else { return (closed, own, nil) }
            defer { other.closeSocket() }
            other.write(MLLPFraming.frame(Array(Messages.adt("PEER2", patient: "P").utf8)))
            return (closed, own, other.readFrame())
        }
        #expect(extraClosed, "the fourth connection from one address is closed at once")
        #expect(ownReply.flatMap(Messages.msa) == "MSA|AA|PEER1")
        #expect(otherReply.flatMap(Messages.msa) == "MSA|AA|PEER2", "127.0.0.2 is served while 127.0.0.1 holds its share")
        try await Task.sleep(for: .milliseconds(200))  // the three places are free again
        try await stillServes(engine, "PEER3")
    }

    @Test func aSlowlorisFrameIsClosedAfterTheFrameTimeout() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "mllp: { frameTimeout: 1s, idleTimeout: 60s }"))
        defer { Task { await engine.stop() } }
        let port = engine.mllpPort
        let bytes = [MLLPFraming.startBlock] + Array(Messages.adt("SLOW1", patient: "P").utf8)
        let closedAfter = await RawSocket.offPool { () -> TimeInterval? in
            guard let socket = try? RawSocket(port: port) else { return nil }
            defer { socket.closeSocket() }
            return socket.dribble(Array(bytes.prefix(60)), every: 0.1)  // 6 s of one byte per 100 ms
        }
        let seconds = try #require(closedAfter, "the dribbling connection is still open after 6 s")
        #expect(seconds >= 0.5)
        #expect(try await engine.store.journalEntries(JournalQuery(controlID: "SLOW1")).isEmpty)
        try await stillServes(engine, "SLOW2")
    }

    @Test func idleAndJunkDribblingConnectionsAreClosedAfterTheIdleTimeout() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "mllp: { idleTimeout: 1s }"))
        defer { Task { await engine.stop() } }
        let port = engine.mllpPort
        let (silentClosed, junkClosedAfter) = await RawSocket.offPool { () -> (Bool, TimeInterval?) in
            guard let silent = try? RawSocket(port: port), let junk = try? RawSocket(port: port) else { return (false, nil) }
            defer { silent.closeSocket(); junk.closeSocket() }
            // A complete frame first: the clock then runs from it, and bytes outside frames do not reset it.
            junk.write(MLLPFraming.frame(Array(Messages.adt("IDLE1", patient: "P").utf8)))
            guard junk.readFrame() != nil else { return (false, nil) }
            let junkClosedAfter = junk.dribble(Array(repeating: 0x0A, count: 50), every: 0.1)
            return (silent.isClosedNow(), junkClosedAfter)
        }
        #expect(silentClosed, "a connection that sent nothing is closed")
        let seconds = try #require(junkClosedAfter, "a connection sending only bytes outside frames is still open after 5 s")
        #expect(seconds >= 0.5)
        try await stillServes(engine, "IDLE2")
    }

    @Test func anOversizedFrameIsAnsweredARNamingTheLimitThenClosed() async throws {
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: "mllp: { maxFrameBytes: 4096 }"))
        defer { Task { await engine.stop() } }
        let port = engine.mllpPort
        let (reply, closed) = await RawSocket.offPool { () -> (String?, Bool) in
            guard let socket = try? RawSocket(port: port) else { return (nil, false) }
            defer { socket.closeSocket() }
            socket.write([MLLPFraming.startBlock] + Array(repeating: 0x41, count: 10_000))
            let reply = socket.readFrame()
            return (reply, socket.isClosedByPeer())
        }
        let nak = try #require(reply, "no reply to the oversized frame")
        #expect(Messages.msa(nak)?.hasPrefix("MSA|AR") == true)
        #expect(nak.contains("ERR|") && nak.contains("4096"))
        #expect(closed)
        try await stillServes(engine, "BIG1")
    }

    // MARK: spoofed acknowledgements

    private func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: Paths.fixture(name), encoding: .utf8)
    }

    private func criticalCase(_ engine: RunningEngine) async throws -> [String: Any]? {
        let (_, cases) = try await engine.http("GET", "/api/critical-results")
        return (cases as? [[String: Any]])?.first
    }

    private func ack(_ acknowledged: String, from application: String, facility: String, controlID: String) -> String {
        "MSH|^~\\&|\(application)|\(facility)|RADBRIDGE|RAD|20261122163000||ACK^R01^ACK|\(controlID)|P|2.5.1\rMSA|AA|\(acknowledged)\r"
    }

    @Test func aSpoofedACKClosesNothingAndTheDestinationsOwnAAOnItsConnectionCloses() async throws {
        // The pager leaves the first two attempts unanswered: the case stays open for some 6 s.
        let pager = try await PythonSink(options: ["--silent-first", "2"])
        defer { pager.stop() }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              pager: { mllp: "127.0.0.1:\(pager.port)", ackTimeout: 1, backoff: { initial: 2, max: 2 },
                       answersAs: { application: PAGER, facility: GENHOSP, host: 10.9.9.9 } }
            workflow:
              criticalTo: [pager]
              critical: { acknowledgeWithin: 1h }
            """))
        defer { Task { await engine.stop() } }
        let setup = try await PythonClient.send([
            try fixture("adt_a04_register.hl7"), try fixture("orm_o01_new_ge_zds.hl7"), try fixture("oru_r01_critical_pe.hl7"),
        ], port: engine.mllpPort)
        #expect(setup.compactMap(Messages.msa) == ["MSA|CA|ADT0001", "MSA|AA|ORM0001", "MSA|AA|ORU0004"])
        #expect(try await pager.waitUntil { !$0.received.isEmpty })
        let notification = try #require(pager.received.first?.controlID)
        #expect(notification.wholeMatch(of: /CR[0-9A-F]{16}/) != nil, "an unguessable control ID, not \(notification)")

        // Anyone else's ACK naming it, even one signed as the pager from another address, is journaled and closes nothing.
        let spoofs = [ack(notification, from: "EVIL", facility: "X", controlID: "SPOOF1"),
                      ack(notification, from: "PAGER", facility: "GENHOSP", controlID: "SPOOF2")]
        let replies = try await PythonClient.send(spoofs, port: engine.mllpPort)
        #expect(replies.compactMap(Messages.msa) == ["MSA|AA|SPOOF1", "MSA|AA|SPOOF2"])
        #expect(replies.allSatisfy { $0.contains("not accepted as an acknowledgement") })
        #expect(try await engine.store.journalEntries(JournalQuery(controlID: "SPOOF1")).count == 1)
        let open = try #require(try await criticalCase(engine))
        #expect(open["state"] as? String != "closed" && open["state"] as? String != "acknowledged")

        // The pager's own AA on the delivery connection (the retry) closes the case.
        var state = ""
        let deadline = ContinuousClock.now + .seconds(20)
        while state != "closed", ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            state = try await criticalCase(engine)?["state"] as? String ?? ""
        }
        #expect(state == "closed")
        let closed = try #require(try await criticalCase(engine))
        let how = (closed["history"] as? [[String: Any]])?.compactMap { $0["how"] as? String } ?? []
        #expect(how.contains("application acknowledgement of \(notification) on the delivery connection"))
        try await stillServes(engine, "SPOOF3")
    }
}
