import ArgumentParser
import Engine
import Foundation
import Logging
import Store

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

    @Option(help: "YAML file with destinations and routes.")
    var config: String?

    func run() async throws {
        LogSetup.bootstrap()
        let logger = Logger(label: "radbridge")
        let configuration = try config.map { try EngineConfiguration(contentsOf: URL(fileURLWithPath: $0)) }
            ?? EngineConfiguration()
        let mllpAddress = try EndpointAddress(parsing: mllp)
        let httpAddress = try EndpointAddress(parsing: http)
        let store = try SQLiteStore(directory: URL(fileURLWithPath: data))
        let engine = RadBridgeEngine(configuration: configuration, store: store, logger: logger)
        let running = Task {
            try await engine.run(mllp: mllpAddress, http: httpAddress) { listener in
                logger.info("\(listener)")
            }
        }
        let signals = SignalTrap(signals: [SIGINT, SIGTERM]) { signal in
            logger.info("received signal \(signal), stopping")
            running.cancel()
        }
        defer { signals.cancel() }
        do {
            try await running.value
        } catch is CancellationError {
        }
        logger.info("stopped")
    }
}
