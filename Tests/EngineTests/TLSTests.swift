import Engine
import Foundation
import MLLP
import NIOCore
import NIOSSL
import Store
import Testing

/// MLLP over TLS, in (listener) and out (delivery), with client-certificate verification.
@Suite(.serialized) struct TLSTests {
    private func certificates() async throws -> URL {
        let directory = Paths.temporaryDirectory()
        let script = try ChildProcess("bash", [Paths.peers.appendingPathComponent("make_test_certs.sh").path, directory.path])
        #expect(await script.waitForExit() == 0, "openssl is needed to make test certificates")
        return directory
    }

    private func file(_ directory: URL, _ name: String) -> String { directory.appendingPathComponent(name).path }

    @Test func listenerRequiresAClientCertificateSignedByItsAuthority() async throws {
        let certs = try await certificates()
        let serverTLS = try MLLPTLS.serverContext(certificate: file(certs, "server.pem"), privateKey: file(certs, "server.key"),
                                                  clientCertificateAuthority: file(certs, "ca.pem"))
        let engine = try await RunningEngine.start(server: MLLPServerConfiguration(tls: serverTLS))
        let trusted = try MLLPTLS.clientContext(trustRoots: file(certs, "ca.pem"), certificate: file(certs, "client.pem"),
                                                privateKey: file(certs, "client.key"))
        let client = try await MLLPClient.connect(host: "127.0.0.1", port: engine.mllpPort, tls: trusted)
        let reply = try await client.send(Array(Messages.adt("T1", patient: "P").utf8), timeout: .seconds(10))
        #expect(Messages.msa(String(decoding: reply, as: UTF8.self)) == "MSA|AA|T1")
        await client.close()

        let anonymous = try MLLPTLS.clientContext(trustRoots: file(certs, "ca.pem"))
        await #expect(throws: (any Error).self) {
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: engine.mllpPort, tls: anonymous)
            defer { Task { await client.close() } }
            _ = try await client.send(Array(Messages.adt("T2", patient: "P").utf8), timeout: .seconds(5))
        }
        #expect(try await engine.store.journalEntries(JournalQuery(controlID: "T2")).isEmpty)
        await engine.stop()
    }

    @Test func clientRefusesAServerItDoesNotTrust() async throws {
        let certs = try await certificates()
        let serverTLS = try MLLPTLS.serverContext(certificate: file(certs, "server.pem"), privateKey: file(certs, "server.key"))
        let engine = try await RunningEngine.start(server: MLLPServerConfiguration(tls: serverTLS))
        let systemRootsOnly = try MLLPTLS.clientContext()
        await #expect(throws: (any Error).self) {
            let client = try await MLLPClient.connect(host: "127.0.0.1", port: engine.mllpPort, tls: systemRootsOnly)
            defer { Task { await client.close() } }
            _ = try await client.send(Array(Messages.adt("T3", patient: "P").utf8), timeout: .seconds(5))
        }
        await engine.stop()
    }

    @Test func deliveryToATLSDestination() async throws {
        let certs = try await certificates()
        let destinationTLS = try MLLPTLS.serverContext(certificate: file(certs, "server.pem"),
                                                       privateKey: file(certs, "server.key"),
                                                       clientCertificateAuthority: file(certs, "ca.pem"))
        let destination = try await RunningEngine.start(server: MLLPServerConfiguration(tls: destinationTLS))
        let configuration = try EngineConfiguration(yaml: """
            destinations:
              secure:
                mllp: "127.0.0.1:\(destination.mllpPort)"
                tls: true
                tlsTrustRoots: "\(file(certs, "ca.pem"))"
                tlsCertificate: "\(file(certs, "client.pem"))"
                tlsKey: "\(file(certs, "client.key"))"
            routes:
              - { match: { type: "ADT^*" }, to: [secure] }
            """)
        let engine = try await RunningEngine.start(configuration)
        _ = try await engine.send(Messages.adt("TLS1", patient: "P"))
        var delivered: [JournalEntry] = []
        for _ in 0..<100 where delivered.isEmpty {
            delivered = try await destination.store.journalEntries(JournalQuery(controlID: "TLS1"))
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(delivered.map(\.status) == [.accepted])
        await engine.stop()
        await destination.stop()
    }
}
