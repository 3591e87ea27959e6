import Engine
import Foundation
import MLLP
import Store
import Testing

/// Hostile or broken input over the wire: the server answers what it can and stays up.
@Suite(.serialized) struct BadInputTests {
    private func startEngine() async throws -> RunningEngine {
        try await RunningEngine.start(server: MLLPServerConfiguration(maximumFrameLength: 64 * 1024))
    }

    private func stillServes(_ engine: RunningEngine, _ id: String) async throws {
        #expect(Messages.msa(try await engine.send(Messages.adt(id, patient: "P"))) == "MSA|AA|\(id)")
    }

    @Test func garbageAroundAFrameIsIgnored() async throws {
        let engine = try await startEngine()
        let port = engine.mllpPort
        let reply = await RawSocket.offPool { () -> String? in
            guard let socket = try? RawSocket(port: port) else { return nil }
            defer { socket.closeSocket() }
            socket.write(Array("\u{00}\u{FF}garbage\r\n".utf8) + MLLPFraming.frame(Array(Messages.adt("G1", patient: "P").utf8)))
            return socket.readFrame()
        }
        #expect(reply.flatMap(Messages.msa) == "MSA|AA|G1")
        try await stillServes(engine, "G2")
        await engine.stop()
    }

    @Test func nonHL7PayloadIsRejectedAndJournaled() async throws {
        let engine = try await startEngine()
        let reply = try await engine.send("hello, this is not HL7")
        #expect(Messages.msa(reply)?.hasPrefix("MSA|AR") == true)
        #expect(reply.contains("ERR|"))
        let rejected = try await engine.store.journalEntries(JournalQuery(status: .rejected))
        #expect(rejected.count == 1)
        #expect(rejected.first?.raw == Array("hello, this is not HL7".utf8))
        try await stillServes(engine, "N1")
        await engine.stop()
    }

    @Test func brokenMSHIsRejected() async throws {
        let engine = try await startEngine()
        let reply = try await engine.send("MSH|^~\\&|HIS|HOSP\rPID|1||X\r")
        #expect(Messages.msa(reply)?.hasPrefix("MSA|AR") == true || Messages.msa(reply)?.hasPrefix("MSA|AE") == true)
        #expect(try await engine.store.journalEntries(JournalQuery(status: .rejected)).count == 1)
        try await stillServes(engine, "B1")
        await engine.stop()
    }

    @Test func oversizedFrameIsNakedAndClosed() async throws {
        let engine = try await startEngine()
        let port = engine.mllpPort
        let result = await RawSocket.offPool { () -> (String?, Bool) in
            guard let socket = try? RawSocket(port: port) else { return (nil, false) }
            defer { socket.closeSocket() }
            socket.write([0x0B] + [UInt8](repeating: 0x41, count: 100 * 1024))
            let reply = socket.readFrame()
            return (reply, socket.isClosedByPeer())
        }
        #expect(result.0.flatMap(Messages.msa)?.hasPrefix("MSA|AR") == true)
        #expect(result.1)
        #expect(try await engine.store.journalEntries(JournalQuery(status: .rejected)).first?.error?.contains("65536") == true)
        try await stillServes(engine, "O1")
        await engine.stop()
    }

    @Test func frameWithoutEndThenCloseIsDropped() async throws {
        let engine = try await startEngine()
        let port = engine.mllpPort
        await RawSocket.offPool {
            guard let socket = try? RawSocket(port: port) else { return }
            socket.write([0x0B] + Array(Messages.adt("HALF", patient: "P").utf8))
            socket.closeSocket()
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await engine.store.journalEntries(JournalQuery(controlID: "HALF")).isEmpty)
        try await stillServes(engine, "H1")
        await engine.stop()
    }

    @Test func fiveHundredIdleConnectionsDoNotStopService() async throws {
        // All from 127.0.0.1: the per-address cap (64 by default, HostileMLLPTests) is raised here.
        let engine = try await RunningEngine.start(server: MLLPServerConfiguration(maximumFrameLength: 64 * 1024,
                                                                                    maximumConnectionsPerPeer: 512))
        var idle: [MLLPClient] = []
        for _ in 0..<500 {
            idle.append(try await MLLPClient.connect(host: "127.0.0.1", port: engine.mllpPort))
        }
        try await stillServes(engine, "I1")
        #expect(idle.allSatisfy { $0.isActive })
        for client in idle { await client.close() }
        try await stillServes(engine, "I2")
        await engine.stop()
    }
}
