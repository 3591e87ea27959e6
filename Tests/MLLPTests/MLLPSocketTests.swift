import Foundation
import MLLP
import NIOCore
import NIOPosix
import Testing

/// Answers each frame with "ACK:" and the payload, or stays silent for payloads starting with "SILENT".
struct EchoDelegate: MLLPServerDelegate {
    func reply(to frame: MLLPInboundFrame) async -> [UInt8]? {
        if frame.payload.starts(with: Array("SILENT".utf8)) { return nil }
        return Array("ACK:".utf8) + frame.payload
    }

    func replyToFramingError(_ error: MLLPError, peer: String) async -> [UInt8]? {
        Array("NAK:\(error)".utf8)
    }
}

@Suite struct MLLPSocketTests {
    private func withServer(idleTimeout: TimeAmount = .seconds(60), limit: Int = 1024,
                            _ body: (Int) async throws -> Void) async throws {
        let server = try await MLLPServer.bind(
            // Every client here is 127.0.0.1: the per-address cap (its own tests) is lifted.
            MLLPServerConfiguration(host: "127.0.0.1", port: 0, maximumFrameLength: limit, idleTimeout: idleTimeout,
                                    maximumConnectionsPerPeer: 1024),
            delegate: EchoDelegate())
        let running = Task { try await server.run() }
        defer { running.cancel() }
        try await body(server.localAddress.port!)
        running.cancel()
        await server.close()
    }

    @Test func clientGetsReplies() async throws {
        try await withServer { port in
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            for i in 0..<5 {
                let reply = try await client.send(Array("MSH|\(i)".utf8))
                #expect(String(decoding: reply, as: UTF8.self) == "ACK:MSH|\(i)")
            }
            await client.close()
        }
    }

    @Test func hundredsOfConcurrentConnections() async throws {
        try await withServer { port in
            let replies = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<300 {
                    group.addTask {
                        let client = try await MLLPClient.connect(host: "127.0.0.1", port: port)
                        defer { Task { await client.close() } }
                        let reply = try await client.send(Array("MSH|\(i)".utf8))
                        return reply == Array("ACK:MSH|\(i)".utf8)
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(replies.count == 300)
            #expect(replies.allSatisfy { $0 })
        }
    }

    @Test func oversizedFrameIsAnsweredAndClosed() async throws {
        try await withServer(limit: 100) { port in
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            let reply = try await client.send([UInt8](repeating: 0x41, count: 500))
            #expect(String(decoding: reply, as: UTF8.self).hasPrefix("NAK:frameTooLarge"))
            await #expect(throws: MLLPError.connectionClosed) {
                _ = try await client.send(Array("MSH|after".utf8), timeout: .seconds(5))
            }
            let fresh = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            #expect(try await fresh.send(Array("MSH|ok".utf8)) == Array("ACK:MSH|ok".utf8))
            await fresh.close()
        }
    }

    @Test func idleConnectionIsClosed() async throws {
        try await withServer(idleTimeout: .milliseconds(200)) { port in
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            try await Task.sleep(for: .seconds(1))
            #expect(!client.isActive)
        }
    }

    @Test func clientTimesOutWithoutReply() async throws {
        try await withServer { port in
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            await #expect(throws: MLLPError.replyTimeout) {
                _ = try await client.send(Array("SILENT".utf8), timeout: .milliseconds(200))
            }
            #expect(!client.isActive)
        }
    }

    @Test func connectionRefused() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let probe = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = probe.localAddress!.port!
        try await probe.close()
        await #expect(throws: MLLPError.self) {
            _ = try await MLLPClient.connect(host: "127.0.0.1", port: port)
        }
    }
}
