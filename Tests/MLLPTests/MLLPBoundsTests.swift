import MLLP
import NIOCore
import NIOPosix
import Testing

/// The listener's bounds: a cap on connections, an idle clock only frames reset, a deadline per frame.
@Suite struct MLLPBoundsTests {
    private func withServer(_ configuration: MLLPServerConfiguration, _ body: (MLLPServer, Int) async throws -> Void) async throws {
        let server = try await MLLPServer.bind(configuration, delegate: EchoDelegate())
        let running = Task { try await server.run() }
        defer { running.cancel() }
        try await body(server, server.localAddress.port!)
        running.cancel()
        await server.close()
    }

    /// A bare TCP connection that writes whatever bytes it is given.
    private func rawConnection(_ port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
    }

    /// Writes one byte every `interval` until the server closes the channel; the time that took, or nil.
    private func dribble(_ bytes: [UInt8], to channel: any Channel, every interval: Duration) async -> Duration? {
        let started = ContinuousClock.now
        for byte in bytes {
            guard channel.isActive else { return ContinuousClock.now - started }
            try? await channel.writeAndFlush(ByteBuffer(bytes: [byte])).get()
            try? await Task.sleep(for: interval)
        }
        return channel.isActive ? nil : ContinuousClock.now - started
    }

    @Test func connectionsBeyondTheCapAreClosedAtOnce() async throws {
        try await withServer(MLLPServerConfiguration(port: 0, maximumConnections: 2)) { server, port in
            let first = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            let second = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            #expect(try await first.send(Array("MSH|1".utf8)) == Array("ACK:MSH|1".utf8))
            #expect(try await second.send(Array("MSH|2".utf8)) == Array("ACK:MSH|2".utf8))
            let third = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            await #expect(throws: MLLPError.self) { _ = try await third.send(Array("MSH|3".utf8), timeout: .seconds(5)) }
            #expect(server.openConnections == 2)
            await first.close()
            try await Task.sleep(for: .milliseconds(100))
            let fourth = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            #expect(try await fourth.send(Array("MSH|4".utf8)) == Array("ACK:MSH|4".utf8))
            await second.close()
            await fourth.close()
        }
    }

    @Test func aFrameThatDoesNotEndInTimeClosesTheConnection() async throws {
        let configuration = MLLPServerConfiguration(port: 0, idleTimeout: .seconds(60), frameTimeout: .milliseconds(300))
        try await withServer(configuration) { _, port in
            let channel = try await rawConnection(port)
            let closedAfter = await dribble([0x0B] + Array(repeating: 0x41, count: 40), to: channel, every: .milliseconds(50))
            let elapsed = try #require(closedAfter, "still open after 2 s of an unfinished frame")
            #expect(elapsed >= .milliseconds(150))
            // Frames that each end in time keep their connection, however many there are.
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            for i in 0..<8 {
                #expect(try await client.send(Array("MSH|\(i)".utf8)) == Array("ACK:MSH|\(i)".utf8))
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(client.isActive)
            await client.close()
        }
    }

    @Test func bytesOutsideFramesDoNotResetTheIdleClock() async throws {
        let configuration = MLLPServerConfiguration(port: 0, idleTimeout: .seconds(1), frameTimeout: .seconds(60))
        try await withServer(configuration) { _, port in
            let channel = try await rawConnection(port)
            let closedAfter = await dribble(Array(repeating: 0x0A, count: 80), to: channel, every: .milliseconds(50))
            let elapsed = try #require(closedAfter, "still open after 4 s of bytes outside frames")
            #expect(elapsed >= .milliseconds(500))
            // Complete frames do reset it.
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: port)
            for i in 0..<8 {
                _ = try await client.send(Array("MSH|\(i)".utf8))
                try await Task.sleep(for: .milliseconds(150))
            }
            #expect(client.isActive)
            await client.close()
        }
    }
}
