import Foundation
import MLLP
import Synchronization

/// An MLLP destination in the test process that acknowledges (AA) the first `acknowledged`
/// messages and then never answers: what follows stays in flight until the sender's ACK timeout.
final class HeldMLLPSink: Sendable {
    private let server: MLLPServer
    private let task: Task<Void, any Error>
    private let state: State

    final class State: Sendable {
        let acknowledged: Int
        let received = Mutex<[String]>([])
        init(acknowledged: Int) { self.acknowledged = acknowledged }
    }

    var port: Int { server.localAddress.port ?? 0 }
    /// MSH-10 of every message received, in order.
    var controlIDs: [String] { state.received.withLock { $0 } }

    init(acknowledged: Int) async throws {
        let state = State(acknowledged: acknowledged)
        let server = try await MLLPServer.bind(MLLPServerConfiguration(host: "127.0.0.1", port: 0), delegate: Delegate(state: state))
        self.state = state
        self.server = server
        task = Task { try await server.run() }
    }

    func stop() async {
        await server.close()
        task.cancel()
    }

    private struct Delegate: MLLPServerDelegate {
        let state: State

        func reply(to frame: MLLPInboundFrame) async -> [UInt8]? {
            let text = String(decoding: frame.payload, as: UTF8.self)
            let fields = text.split(separator: "\r").first?.split(separator: "|", omittingEmptySubsequences: false) ?? []
            let controlID = fields.count > 9 ? String(fields[9]) : ""
            let count = state.received.withLock { $0.append(controlID); return $0.count }
            guard count <= state.acknowledged else { return nil }
            return Array("MSH|^~\\&|SINK|SINK|RADBRIDGE|RAD|20260101120000||ACK|ACK\(count)|P|2.5\rMSA|AA|\(controlID)\r".utf8)
        }

        func replyToFramingError(_ error: MLLPError, peer: String) async -> [UInt8]? { nil }
    }
}
