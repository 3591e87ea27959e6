import Foundation
import MLLP
import Synchronization
import Testing

/// `radbridge serve` stopped by SIGTERM or SIGINT while MLLP senders are sending: its service
/// group shuts down gracefully (listeners first, the message being handled journaled and ACKed).
@Suite(.serialized) struct GracefulShutdownCLITests {
    private let binary = Paths.repository.appendingPathComponent(".build/debug/radbridge").path

    private func freePort() throws -> Int {
        let socket = try RawSocketListener()
        defer { socket.close() }
        return socket.port
    }

    private struct Ports {
        let mllp: Int, http: Int, dicom: Int
        var all: [Int] { [mllp, http, dicom] }
    }

    private func serve(_ data: String, _ ports: Ports) throws -> ChildProcess {
        try ChildProcess(binary, ["serve", "--data", data, "--mllp", "127.0.0.1:\(ports.mllp)",
                                  "--http", "127.0.0.1:\(ports.http)", "--dicom", "127.0.0.1:\(ports.dicom)"])
    }

    /// True once every port accepts a connection (within 20 seconds).
    private func accepting(_ ports: [Int]) async throws -> Bool {
        for _ in 0..<200 {
            let up = ports.allSatisfy { port in (try? RawSocket(port: port)).map { $0.closeSocket(); return true } ?? false }
            if up { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// The control IDs answered AA so far, over every sender.
    final class Acknowledged: Sendable {
        private let ids = Mutex<[String]>([])
        func append(_ id: String) { ids.withLock { $0.append(id) } }
        var count: Int { ids.withLock { $0.count } }
    }

    /// Sends ADT messages one after another on one connection until it breaks; returns the
    /// control IDs answered AA.
    private static func sender(_ name: String, port: Int, acknowledged: Acknowledged) async -> [String] {
        guard let client = try? await MLLPClient.connect(host: "127.0.0.1", port: port) else { return [] }
        var mine: [String] = []
        for i in 0... {
            let controlID = "\(name)-\(i)"
            let message = Messages.adt(controlID, patient: "P\(name)\(i)")
            guard let reply = try? await client.send(Array(message.utf8), timeout: .seconds(10)) else { break }
            let msa = Messages.msa(String(decoding: reply, as: UTF8.self)) ?? ""
            guard msa.hasPrefix("MSA|AA|\(controlID)") else { break }
            mine.append(controlID)
            acknowledged.append(controlID)
        }
        await client.close()
        return mine
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalMidStreamStopsGracefully(signal: Int32) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build the radbridge executable first")
        let data = Paths.temporaryDirectory().appendingPathComponent("data").path
        let ports = Ports(mllp: try freePort(), http: try freePort(), dicom: try freePort())
        let first = try serve(data, ports)
        defer { first.terminate() }
        try #require(try await accepting(ports.all))

        let acknowledged = Acknowledged()
        let senders = (0..<4).map { index in
            Task { await Self.sender("S\(signal)x\(index)", port: ports.mllp, acknowledged: acknowledged) }
        }
        // Mid-stream: every sender is sending when the signal arrives.
        let deadline = ContinuousClock.now + .seconds(30)
        while acknowledged.count < 40, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        try #require(acknowledged.count >= 40, "the senders got too few AAs")
        let signalled = ContinuousClock.now
        first.signal(signal)

        let status = await first.waitForExit(within: .seconds(10))
        let took = ContinuousClock.now - signalled
        #expect(status == 0, "serve exited with \(status.map(String.init) ?? "nothing: still running after 10 s")")
        #expect(took < .seconds(5), "graceful shutdown took \(took)")
        var sent: [String] = []
        for sender in senders { sent += await sender.value }
        // Every connection was closed by the shutdown (the senders stopped on their own).
        #expect(sent.count == acknowledged.count)
        #expect(sent.count >= 40)

        // The ports are released: a new serve binds all three on the same data directory.
        let second = try serve(data, ports)
        defer { second.terminate() }
        try #require(try await accepting(ports.all), "a new serve did not bind the ports again")
        let list = try ChildProcess(binary, ["journal", "list", "--data", data, "--json", "--limit", "100000"])
        #expect(await list.waitForExit() == 0)
        let entries = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]] ?? []
        let journaled = Set(entries.compactMap { $0["controlID"] as? String })
        let missing = sent.filter { !journaled.contains($0) }
        #expect(missing.isEmpty, "answered AA but not in the journal: \(missing)")
        #expect(entries.allSatisfy { $0["status"] as? String == "accepted" })
        // Nothing half-done either way: the message being handled at the signal was journaled and its
        // AA arrived; one received but not yet handled was neither journaled nor answered.
        #expect(journaled == Set(sent))
        #expect(entries.count == sent.count)

        // And the new one works and stops the same way.
        let client = try await MLLPClient.connect(host: "127.0.0.1", port: ports.mllp)
        let reply = try await client.send(Array(Messages.adt("after-restart", patient: "P9").utf8), timeout: .seconds(10))
        #expect(Messages.msa(String(decoding: reply, as: UTF8.self))?.hasPrefix("MSA|AA|after-restart") == true)
        await client.close()
        second.signal(signal)
        #expect(await second.waitForExit(within: .seconds(10)) == 0)
    }
}
