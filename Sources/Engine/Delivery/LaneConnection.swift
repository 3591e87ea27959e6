import MLLP
import NIOCore
import NIOSSL
import Store
import Synchronization

/// The lane's MLLP connection, opened on first use and again after any failure.
final class LaneConnection: Sendable {
    private let configuration: DestinationConfiguration
    private let client = Mutex<MLLPClient?>(nil)
    private let tls: Result<NIOSSLContext, any Error>?

    init(configuration: DestinationConfiguration) {
        self.configuration = configuration
        tls = configuration.tls ? Result {
            try MLLPTLS.clientContext(trustRoots: configuration.tlsTrustRoots, certificate: configuration.tlsCertificate,
                                      privateKey: configuration.tlsKey)
        } : nil
    }

    func deliver(_ item: OutboxItem) async -> DeliveryOutcome {
        do {
            let connection = try await connected()
            let timeout = TimeAmount.milliseconds(Int64(configuration.ackTimeout * 1000))
            let reply = try await connection.send(item.payload, timeout: timeout)
            guard let ack = HL7Adapter.replyAcknowledgement(reply) else {
                await close()
                return .failed("reply without a readable MSA")
            }
            if let controlID = item.controlID, ack.acknowledgedControlID != controlID {
                // The stream is out of step: start over on a fresh connection.
                await close()
                return .failed("reply acknowledges \(ack.acknowledgedControlID), not \(controlID)")
            }
            if ack.isPositive { return .delivered(acknowledgement: ack.code) }
            if ack.isApplicationError { return .applicationError("\(ack.code) from destination") }
            return .failed("\(ack.code) from destination")
        } catch {
            await close()
            return .failed("\(error)")
        }
    }

    private func connected() async throws -> MLLPClient {
        if let existing = client.withLock({ $0 }), existing.isActive { return existing }
        let address = configuration.mllp
        let fresh = try await MLLPClient.connect(host: address.host, port: address.port, connectTimeout: .seconds(5),
                                                 tls: try tls?.get())
        client.withLock { $0 = fresh }
        return fresh
    }

    /// Closes the connection from outside the lane's task (on cancellation), failing a pending send.
    func abort() {
        guard let current = client.withLock({ $0 }) else { return }
        Task { await current.close() }
    }

    func close() async {
        let current = client.withLock { value -> MLLPClient? in
            defer { value = nil }
            return value
        }
        await current?.close()
    }
}
