import Foundation
import Testing

/// `radbridge serve`, `send` and `journal list` as a person runs them.
@Suite(.serialized) struct CLITests {
    private let binary = Paths.repository.appendingPathComponent(".build/debug/radbridge").path

    private func freePort() throws -> Int {
        let socket = try RawSocketListener()
        defer { socket.close() }
        return socket.port
    }

    @Test func serveSendJournalAndStopOnSIGTERM() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build the radbridge executable first")
        let data = Paths.temporaryDirectory().appendingPathComponent("data").path
        let mllp = try freePort(), http = try freePort()
        let serve = try ChildProcess(binary, ["serve", "--data", data, "--mllp", "127.0.0.1:\(mllp)",
                                              "--http", "127.0.0.1:\(http)"], environment: ["RADBRIDGE_LOG_LEVEL": "info"])
        defer { serve.terminate() }
        var up = false
        for _ in 0..<100 where !up {
            up = (try? RawSocket(port: mllp)).map { $0.closeSocket(); return true } ?? false
            if !up { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(up)

        let good = try ChildProcess(binary, ["send", "--port", String(mllp), Paths.fixture("adt_a08_update.hl7"),
                                             Paths.fixture("oru_r01_report_final.hl7")])
        #expect(await good.waitForExit() == 0)
        let lines = good.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains(": MSA|AA|") || $0.contains(": MSA|CA|") })

        let junk = Paths.temporaryDirectory().appendingPathComponent("junk.hl7")
        try Data("MSH|^~\\&|X\r".utf8).write(to: junk)
        let bad = try ChildProcess(binary, ["send", "--port", String(mllp), junk.path])
        #expect(await bad.waitForExit() == 1)
        #expect(bad.standardOutput.contains(": MSA|AE|") || bad.standardOutput.contains(": MSA|AR|"))

        let list = try ChildProcess(binary, ["journal", "list", "--data", data, "--json"])
        #expect(await list.waitForExit() == 0)
        let entries = try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]]
        #expect(entries?.count == 3)
        #expect(entries?.first?["status"] as? String == "rejected")

        let table = try ChildProcess(binary, ["journal", "list", "--data", data, "--status", "accepted"])
        #expect(await table.waitForExit() == 0)
        #expect(table.standardOutput.split(separator: "\n").count == 3)  // header + 2
        #expect(table.standardOutput.contains("WARNINGS"))
        // The ADT is clean; the report, whose order is unknown, was quarantined, and the journal says so.
        #expect(entries?.filter { $0["status"] as? String == "accepted" }.compactMap { $0["warningCount"] as? Int }.sorted() == [0, 1])

        serve.interrupt()
        #expect(await serve.waitForExit() == 0)
    }
}
