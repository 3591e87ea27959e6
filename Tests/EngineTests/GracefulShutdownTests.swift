import Engine
import Foundation
import MLLP
import Store
import Testing

/// `RadBridgeEngine.run` cancelled (what `RunningEngine.stop()` does) shuts its service group down
/// gracefully: listeners first, then delivery lanes finish the attempt they are making.
@Suite(.serialized) struct GracefulShutdownTests {
    /// A destination that answers AA after `delay`, and reports each message as it arrives.
    final class SlowSink: MLLPServerDelegate {
        let delay: Duration
        let arrived: AsyncStream<String>
        private let arrival: AsyncStream<String>.Continuation

        init(delay: Duration) {
            self.delay = delay
            (arrived, arrival) = AsyncStream<String>.makeStream()
        }

        func reply(to frame: MLLPInboundFrame) async -> [UInt8]? {
            let text = String(decoding: frame.payload, as: UTF8.self)
            let fields = text.split(separator: "\r").first?.split(separator: "|", omittingEmptySubsequences: false) ?? []
            let controlID = fields.count > 9 ? String(fields[9]) : ""
            arrival.yield(controlID)
            try? await Task.sleep(for: delay)
            return Array("MSH|^~\\&|SINK|X|RADBRIDGE|RAD|20260101120000||ACK|A\(controlID)|P|2.5\rMSA|AA|\(controlID)\r".utf8)
        }

        func replyToFramingError(_ error: MLLPError, peer: String) async -> [UInt8]? { nil }
    }

    @Test func deliveryInFlightAtStopIsFinishedAndRecorded() async throws {
        let sink = SlowSink(delay: .milliseconds(1500))
        let server = try await MLLPServer.bind(MLLPServerConfiguration(host: "127.0.0.1", port: 0), delegate: sink)
        let serving = Task { try await server.run() }
        defer { serving.cancel() }
        let engine = try await RunningEngine.start(try EngineConfiguration(yaml: """
            destinations:
              ris: { mllp: "127.0.0.1:\(server.localAddress.port!)", ackTimeout: 30 }
            routes:
              - { match: { type: "ADT^*" }, to: [ris] }
            """))
        #expect(Messages.msa(try await engine.send(Messages.adt("GS1", patient: "P1")))?.hasPrefix("MSA|AA|GS1") == true)
        for await controlID in sink.arrived where controlID == "GS1" { break }

        let stopping = ContinuousClock.now
        await engine.stop()
        let took = ContinuousClock.now - stopping
        // The lane waited for the destination's AA (about 1.5 s) and recorded it, instead of
        // aborting the attempt (which would leave it pending, to be sent again at the next start).
        #expect(took >= .milliseconds(500) && took < .seconds(RadBridgeEngine.maximumGracefulShutdownDuration.components.seconds))
        let ris = try await engine.store.destinationStatistics().first { $0.name == "ris" }
        #expect(ris?.delivered == 1)
        #expect(ris?.pending == 0)
        // Every listener is closed.
        await #expect(throws: MLLPError.self) { _ = try await MLLPClient.connect(host: "127.0.0.1", port: engine.mllpPort) }
        #expect(throws: (any Error).self) { try RawSocket(port: engine.httpPort).closeSocket() }
        await server.close()
    }

    @Test func stopWithNothingInFlightIsPrompt() async throws {
        let engine = try await RunningEngine.start(dicom: true)
        #expect(Messages.msa(try await engine.send(Messages.adt("GS2", patient: "P2")))?.hasPrefix("MSA|AA|GS2") == true)
        // An idle MLLP connection and an idle HTTP keep-alive connection stay open meanwhile.
        let idle = try await MLLPClient.connect(host: "127.0.0.1", port: engine.mllpPort)
        let keepAlive = try RawSocket(port: engine.httpPort)
        defer { keepAlive.closeSocket() }
        let stopping = ContinuousClock.now
        await engine.stop()
        #expect(ContinuousClock.now - stopping < .seconds(3))
        for _ in 0..<100 where idle.isActive { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!idle.isActive)
        for port in [engine.mllpPort, engine.httpPort, engine.dicomPort!] {
            #expect(throws: (any Error).self, "port \(port) still accepts") { try RawSocket(port: port).closeSocket() }
        }
    }
}
