import Foundation
import MLLP
import NIOCore
import Synchronization
import Testing

/// `MLLPServer.shutdownGracefully()`: stop accepting, close idle connections, answer the frame
/// being handled and then close, never start another.
@Suite struct MLLPGracefulShutdownTests {
    /// Answers "ACK:" + payload; a payload starting with "SLOW" is answered after `delay`.
    /// Records every payload it was handed and every reply it returned.
    final class SlowDelegate: MLLPServerDelegate {
        let delay: Duration
        let handed = Mutex<[String]>([])
        let answered = Mutex<[String]>([])
        let started: AsyncStream<String>
        private let startedContinuation: AsyncStream<String>.Continuation

        init(delay: Duration) {
            self.delay = delay
            (started, startedContinuation) = AsyncStream<String>.makeStream()
        }

        func reply(to frame: MLLPInboundFrame) async -> [UInt8]? {
            let text = String(decoding: frame.payload, as: UTF8.self)
            handed.withLock { $0.append(text) }
            startedContinuation.yield(text)
            if text.hasPrefix("SLOW") { try? await Task.sleep(for: delay) }
            answered.withLock { $0.append(text) }
            return Array("ACK:\(text)".utf8)
        }

        func replyToFramingError(_ error: MLLPError, peer: String) async -> [UInt8]? { nil }
    }

    private func bind(_ delegate: SlowDelegate) async throws -> (MLLPServer, Task<Void, any Error>) {
        let server = try await MLLPServer.bind(MLLPServerConfiguration(host: "127.0.0.1", port: 0), delegate: delegate)
        return (server, Task { try await server.run() })
    }

    /// Waits for `task` at most `limit`; false when it was still running then.
    private func finishes(_ task: Task<Void, any Error>, within limit: Duration) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { _ = await task.result; return true }
            group.addTask { try await Task.sleep(for: limit); return false }
            let first = try await group.next()!
            group.cancelAll()
            return first
        }
    }

    @Test func frameBeingHandledIsAnsweredThenTheConnectionCloses() async throws {
        let delegate = SlowDelegate(delay: .milliseconds(700))
        let (server, running) = try await bind(delegate)
        let port = server.localAddress.port!
        let busy = try await MLLPClient.connect(host: "127.0.0.1", port: port)
        let idle = try await MLLPClient.connect(host: "127.0.0.1", port: port)
        #expect(try await idle.send(Array("MSH|idle".utf8)) == Array("ACK:MSH|idle".utf8))

        // Two frames pipelined on one connection: the first is being handled at shutdown, the
        // second has arrived but was not handed to the delegate yet.
        let first = Task { try await busy.send(Array("SLOW|1".utf8), timeout: .seconds(10)) }
        for await text in delegate.started where text == "SLOW|1" { break }
        let second = Task { try await busy.send(Array("MSH|2".utf8), timeout: .seconds(10)) }
        try await Task.sleep(for: .milliseconds(150))  // arrives, waits behind SLOW|1
        let shutdownAt = ContinuousClock.now
        server.shutdownGracefully()

        #expect(try await first.value == Array("ACK:SLOW|1".utf8))
        await #expect(throws: MLLPError.connectionClosed) { _ = try await second.value }
        #expect(delegate.handed.withLock { $0 } == ["MSH|idle", "SLOW|1"])
        #expect(delegate.answered.withLock { $0 } == ["MSH|idle", "SLOW|1"])
        #expect(!idle.isActive)
        #expect(!busy.isActive)
        // run() returns once the last connection closed, without an error.
        #expect(try await finishes(running, within: .seconds(5)))
        try await running.value
        #expect(ContinuousClock.now - shutdownAt < .seconds(5))
        // The port is released: nothing accepts there, and it can be bound again.
        await #expect(throws: MLLPError.self) { _ = try await MLLPClient.connect(host: "127.0.0.1", port: port) }
        let again = try await MLLPServer.bind(MLLPServerConfiguration(host: "127.0.0.1", port: port), delegate: delegate)
        await again.close()
    }

    @Test func idleConnectionsCloseAtOnce() async throws {
        let delegate = SlowDelegate(delay: .seconds(30))
        let (server, running) = try await bind(delegate)
        let port = server.localAddress.port!
        var clients: [MLLPClient] = []
        for i in 0..<5 {
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            #expect(try await client.send(Array("MSH|\(i)".utf8)) == Array("ACK:MSH|\(i)".utf8))
            clients.append(client)
        }
        server.shutdownGracefully()
        #expect(try await finishes(running, within: .seconds(2)))
        #expect(clients.allSatisfy { !$0.isActive })
    }

    @Test func cancellationDoesNotWaitForTheFrameBeingHandled() async throws {
        // Without a graceful shutdown, cancelling run() cancels the connection's work too.
        let delegate = SlowDelegate(delay: .seconds(30))
        let (server, running) = try await bind(delegate)
        let client = try await MLLPClient.connect(host: "127.0.0.1", port: server.localAddress.port!)
        let reply = Task { try await client.send(Array("SLOW|held".utf8), timeout: .seconds(60)) }
        for await text in delegate.started where text == "SLOW|held" { break }
        running.cancel()
        #expect(try await finishes(running, within: .seconds(5)))
        _ = await reply.result
    }
}
