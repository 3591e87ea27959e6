import DICOMNetwork
import Foundation
import HL7
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
    /// Set once `run` has rebuilt the workflow state; delivery acceptances reach it from then on.
    private let workflowBox = WorkflowBox()

    public init(configuration: EngineConfiguration, store: SQLiteStore,
                logger: Logger = Logger(label: "radbridge")) {
        self.configuration = configuration
        self.store = store
        let box = workflowBox
        let outbound = OutboundProfiles(configuration: configuration)
        let criticalDestinations = Set(configuration.workflow.criticalTo)
        self.delivery = DeliveryService(configuration: configuration, store: store, logger: logger, prepare: { item in
            guard let renderer = outbound.renderer(for: item.destination), let workflow = await box.service else { return item }
            var rendered = item
            rendered.payload = await workflow.render(item.payload, with: renderer)
            return rendered
        }) { controlID, destination, code in
            // Only the destinations notifications go to can answer one on their connection.
            guard criticalDestinations.contains(destination) else { return }
            await box.service?.deliveryAccepted(controlID: controlID, by: destination, code: code)
        }
        self.logger = logger
    }

    /// Opens the listeners, reports each to `onListening`, and runs until the task is cancelled.
    /// On cancellation the listeners stop accepting, a message being handled is journaled before
    /// its connection closes, and delivery lanes stop after recording their current attempt.
    /// `instances` is where received DICOM instances are written (C-STORE is refused without it).
    public func run(mllp: EndpointAddress, http: EndpointAddress?, dicom: EndpointAddress? = nil, instances: URL? = nil,
                    mllpServer serverConfiguration: MLLPServerConfiguration = MLLPServerConfiguration(),
                    onListening: @escaping @Sendable (Listener) -> Void = { _ in }) async throws {
        var listenerConfiguration = configuration.mllp.applied(to: serverConfiguration)
        listenerConfiguration.host = mllp.host
        listenerConfiguration.port = mllp.port
        let log = StoreWorkflowEventLog(store: store, destinations: configuration.workflow.destinations) { [delivery] in
            await delivery.wake($0)
        }
        let workflow = try await WorkflowService(configuration: try configuration.workflowConfiguration(), log: log,
                                                 procedureStepCapacity: configuration.dicom.maxProcedureSteps)
        await workflowBox.set(workflow)
        let forwarding = DICOMForwardingService(configuration: configuration, store: store, instances: instances, logger: logger)
        await forwarding.attach(workflow)
        let priors = PriorRetrievalService(configuration: configuration, store: store, instances: instances, logger: logger)
        let inbound = InboundProcessor(store: store, configuration: configuration, logger: logger, workflow: workflow) { [delivery] in
            await delivery.wake($0)
        }
        let server = try await MLLPServer.bind(listenerConfiguration, delegate: inbound, logger: logger)
        onListening(Listener(kind: "MLLP", address: server.localAddress))
        var dicomServer: DICOMServer?
        if let dicom {
            let logger = self.logger
            let scp = DICOMServer(
                configuration: configuration.dicom.limits.serverConfiguration(host: dicom.host, port: dicom.port, aeTitle: configuration.dicom.aeTitle),
                services: [VerificationService()] + WorkflowDICOMServices.make(workflow, instances: instances, index: store, divert: priors.divert) { logger.warning("\($0)") }
                    + [forwarding.commitmentService],
                log: { logger.debug("\($0)") })
            let port = try await scp.start()
            onListening(Listener(kind: "DICOM \(configuration.dicom.aeTitle)", address: try SocketAddress(ipAddress: dicom.host, port: port)))
            dicomServer = scp
        }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.run() }
            group.addTask { await self.delivery.run() }
            group.addTask { await forwarding.run() }
            group.addTask { await Self.escalate(workflow, logger: self.logger) }
            if let dicomServer {
                group.addTask {
                    try await withTaskCancellationHandler {
                        try await dicomServer.waitUntilClosed()
                    } onCancel: {
                        Task { try? await dicomServer.stop() }
                    }
                }
            }
            if let http {
                let hosts = AllowedHosts(listener: http, configured: configuration.http.allowedHosts)
                let bodyTimeout = configuration.http.requestBodyTimeout
                let app = Application(
                    router: HTTPAPI.router(store: store, configuration: configuration, delivery: delivery, workflow: workflow,
                                           inbound: inbound, instances: instances, priors: priors, hosts: hosts),
                    server: .http1(configuration: .init(
                        additionalChannelHandlers: [RequestBodyDeadline(timeout: bodyTimeout)],
                        idleTimeout: .seconds(configuration.http.idleTimeout))),
                    configuration: ApplicationConfiguration(address: .hostname(http.host, port: http.port),
                                                            serverName: "RadBridge"),
                    onServerRunning: { channel in
                        guard let address = channel.localAddress else { return }
                        if let port = address.port { hosts.listening(on: port) }
                        onListening(Listener(kind: "HTTP", address: address))
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

    /// Critical results whose acknowledgement deadline passed escalate to the next contact.
    private static func escalate(_ workflow: WorkflowService, logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await workflow.checkEscalations()
            } catch {
                logger.error("critical-result escalation failed: \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

/// Holds the workflow service once it exists, for callbacks created before it.
actor WorkflowBox {
    private(set) var service: WorkflowService?
    func set(_ service: WorkflowService) { self.service = service }
}
