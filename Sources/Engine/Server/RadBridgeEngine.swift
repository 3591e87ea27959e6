import Foundation
import Hummingbird
import Logging
import MLLP
import NIOCore
import ServiceLifecycle
import Store

/// A running node: the MLLP listener, delivery to every destination, and the HTTP API.
public final class RadBridgeEngine: Sendable {
    public let configuration: EngineConfiguration
    public let store: SQLiteStore
    private let delivery: DeliveryService
    private let logger: Logger

    public init(configuration: EngineConfiguration, store: SQLiteStore,
                logger: Logger = Logger(label: "radbridge")) {
        self.configuration = configuration
        self.store = store
        self.delivery = DeliveryService(configuration: configuration, store: store, logger: logger)
        self.logger = logger
    }

    /// Opens the listeners, reports each to `onListening`, and runs until the task is cancelled.
    /// On cancellation the listeners stop accepting, a message being handled is journaled before
    /// its connection closes, and delivery lanes stop after recording their current attempt.
    public func run(mllp: EndpointAddress, http: EndpointAddress?,
                    mllpServer serverConfiguration: MLLPServerConfiguration = MLLPServerConfiguration(),
                    onListening: @escaping @Sendable (Listener) -> Void = { _ in }) async throws {
        var listenerConfiguration = serverConfiguration
        listenerConfiguration.host = mllp.host
        listenerConfiguration.port = mllp.port
        let inbound = InboundProcessor(store: store, configuration: configuration, logger: logger) { [delivery] in
            await delivery.wake($0)
        }
        let server = try await MLLPServer.bind(listenerConfiguration, delegate: inbound, logger: logger)
        onListening(Listener(kind: "MLLP", address: server.localAddress))
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.run() }
            group.addTask { await self.delivery.run() }
            if let http {
                let app = Application(
                    router: HTTPAPI.router(store: store, configuration: configuration, delivery: delivery),
                    configuration: ApplicationConfiguration(address: .hostname(http.host, port: http.port),
                                                            serverName: "RadBridge"),
                    onServerRunning: { channel in
                        if let address = channel.localAddress { onListening(Listener(kind: "HTTP", address: address)) }
                    },
                    logger: logger)
                // Run outside this task's cancellation, then shut down gracefully: cancelling a
                // Hummingbird server waits forever on idle keep-alive connections.
                let services = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: logger))
                let serving = Task { try await services.run() }
                group.addTask {
                    try await withTaskCancellationHandler {
                        try await serving.value
                    } onCancel: {
                        Task { await services.triggerGracefulShutdown() }
                    }
                }
            }
        }
    }
}
