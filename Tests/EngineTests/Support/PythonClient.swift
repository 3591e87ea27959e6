import Foundation
import TestSupport

/// The python `hl7` library's MLLP client (Tests/Peers/hl7_send.py) sending messages over one
/// connection and returning each whole reply.
enum PythonClient {
    static func send(_ messages: [String], port: Int) async throws -> [String] {
        let directory = Paths.temporaryDirectory()
        let files = try messages.enumerated().map { k, text in
            let url = directory.appendingPathComponent("\(k).hl7")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let run = try await ExternalTool.run(ExternalTool.python, [Paths.peers.appendingPathComponent("hl7_send.py").path, "--full", "\(port)"] + files)
        guard run.status == 0 else { throw PeerError.noOutput("hl7_send.py failed: \(run.stderr)") }
        return String(decoding: run.stdout, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) as? String
        }
    }
}
