import ArgumentParser
import Engine
import Foundation
import Logging
import MLLP
import SQLiteStore
import Store
import UnixSignals

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the engine: MLLP listener, journal, routed delivery and the HTTP API."
    )

    @Option(help: "Directory holding the SQLite journal and outbox.")
    var data = "./radbridge-data"

    @Option(help: "MLLP listen address (host:port).")
    var mllp = "127.0.0.1:2575"

    @Option(help: "HTTP API listen address (host:port).")
    var http = "127.0.0.1:8080"

    @Option(help: "DICOM listen address (host:port): C-ECHO, Modality Worklist, MPPS and C-STORE (into DATA/instances); AE title from dicom.aeTitle.")
    var dicom = "127.0.0.1:11112"

    @Option(help: "YAML file with destinations, routes and the workflow section.")
    var config: String?

    @Option(help: "PEM certificate chain: the MLLP listener speaks TLS.")
    var tlsCert: String?

    @Option(help: "PEM private key for --tls-cert.")
    var tlsKey: String?

    @Option(help: "PEM bundle of authorities: MLLP clients must present a certificate they signed.")
    var tlsClientCa: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if tlsClientCa != nil, tlsCert == nil { throw ValidationError("--tls-client-ca needs --tls-cert and --tls-key") }
    }

    func run() async throws {
        LogSetup.bootstrap()
        let logger = Logger(label: "radbridge")
        let configuration = try config.map { try EngineConfiguration(contentsOf: URL(fileURLWithPath: $0)) }
            ?? EngineConfiguration()
        let mllpAddress = try EndpointAddress(parsing: mllp)
        let httpAddress = try EndpointAddress(parsing: http)
        let dicomAddress = try EndpointAddress(parsing: dicom)
        let store = try SQLiteStore(directory: URL(fileURLWithPath: data))
        let engine = RadBridgeEngine(configuration: configuration, store: store, logger: logger)
        var server = MLLPServerConfiguration()
        if let tlsCert, let tlsKey {
            server.tls = try MLLPTLS.serverContext(certificate: tlsCert, privateKey: tlsKey,
                                                   clientCertificateAuthority: tlsClientCa)
        }
        // One service group: SIGTERM or SIGINT shuts it down gracefully (listeners first, then the
        // lanes); the store closes when this returns.
        try await engine.run(mllp: mllpAddress, http: httpAddress, dicom: dicomAddress,
                             instances: URL(fileURLWithPath: data).appendingPathComponent("instances"),
                             mllpServer: server, gracefulShutdownSignals: [.sigterm, .sigint]) { listener in
            logger.info("\(listener)")
        }
        logger.info("stopped")
    }
}
