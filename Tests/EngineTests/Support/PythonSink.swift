import Foundation

/// The python `hl7` MLLP receiver (Tests/Peers/mllp_sink.py) and what it logged.
final class PythonSink: Sendable {
    let port: Int
    let log: URL
    let applied: URL
    let messagesLog: URL
    private let process: ChildProcess

    init(port: Int = 0, options: [String] = []) async throws {
        let directory = Paths.temporaryDirectory()
        log = directory.appendingPathComponent("received.log")
        applied = directory.appendingPathComponent("applied.log")
        messagesLog = directory.appendingPathComponent("messages.log")
        process = try ChildProcess.python("mllp_sink.py", ["--port", String(port), "--log", log.path,
                                                          "--applied", applied.path, "--messages", messagesLog.path] + options)
        guard let port = Int(try await process.waitForLine(startingWith: "PORT ").trimmingCharacters(in: .whitespaces))
        else { throw PeerError.noOutput("sink port") }
        self.port = port
    }

    /// (control ID, patient ID, reply code) per received message, in arrival order.
    var received: [(controlID: String, patient: String, code: String)] {
        lines(log).map { ($0[0], $0[1], $0[2]) }
    }

    /// Every message received, as the python library read it (segments end with `\r`).
    var messages: [String] {
        ((try? String(contentsOf: messagesLog, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) as? String
        }
    }

    /// (control ID, patient ID) of each message applied (first AA per control ID), in order.
    var appliedMessages: [(controlID: String, patient: String)] {
        lines(applied).map { ($0[0], $0[1]) }
    }

    private func lines(_ url: URL) -> [[String]] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "")
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.filter { $0.count >= 2 }
            .map { $0.count == 2 ? $0 + [""] : $0 }
    }

    /// Polls until `condition` holds or the timeout passes.
    func waitUntil(timeout: Duration = .seconds(20), _ condition: (PythonSink) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition(self)
    }

    func stop() {
        process.terminate()
    }
}
