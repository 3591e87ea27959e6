import DICOMNetwork
import Foundation
import HL7
import Hummingbird
import Logging
import MLLP
import NIOCore
import ServiceLifecycle
import Store
import UnixSignals

/// A running node: the MLLP listener, delivery to every destination, and the HTTP API.
public final class RadBridgeEngine: Sendable {
    public let configuration: EngineConfiguration
    public let store: any Store
    private let delivery: DeliveryService
    private let logger: Logger
    /// Set once `run` has rebuilt the workflow state; delivery acceptances reach it from then on.
    private let workflowBox = WorkflowBox()

    public init(configuration: EngineConfiguration, store: any Store,
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

    /// How long graceful shutdown may take before what is still running is cancelled.
    public static let maximumGracefulShutdownDuration: Duration = .seconds(10)

    /// Opens the listeners, reports each to `onListening`, and runs every part of the node as a
    /// `Service` of one `ServiceGroup` until the task is cancelled or one of `gracefulShutdownSignals`
    /// arrives (`radbridge serve` passes SIGTERM and SIGINT). Either way the group shuts down
    /// gracefully, in this order: the MLLP listener stops accepting and closes idle connections, a
    /// message being handled is journaled and its ACK written before its connection closes; the DICOM
    /// listener and the HTTP server stop accepting and finish what they are answering; the
    /// escalation timer stops; DICOM forwarding and HL7 delivery lanes finish and record the attempt
    /// they are making. Then this returns, and the caller may close the store. What has not stopped
    /// after ``maximumGracefulShutdownDuration`` is cancelled (an attempt in flight is made again at
    /// the next start). `instances` is where received DICOM instances are written (C-STORE is
    /// refused without it).
    public func run(mllp: EndpointAddress, http: EndpointAddress?, dicom: EndpointAddress? = nil, instances: URL? = nil,
                    mllpServer serverConfiguration: MLLPServerConfiguration = MLLPServerConfiguration(),
                    gracefulShutdownSignals: [UnixSignal] = [],
                    onListening: @escaping @Sendable (Listener) -> Void = { _ in }) async throws {
        let services = try await services(mllp: mllp, http: http, dicom: dicom, instances: instances,
                                          mllpServer: serverConfiguration, onListening: onListening)
        var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: gracefulShutdownSignals,
                                              logger: logger)
        group.maximumGracefulShutdownDuration = Self.maximumGracefulShutdownDuration
        let serviceGroup = ServiceGroup(configuration: group)
        // Run outside this task's cancellation, which becomes a graceful shutdown: cancelling a group
        // stops its services all at once (and a Hummingbird server waits forever on idle keep-alive
        // connections when cancelled).
        let running = Task { try await serviceGroup.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await serviceGroup.triggerGracefulShutdown() }
        }
    }

    /// Binds the listeners and builds the services, in start order: graceful shutdown stops them in
    /// the reverse order, so listeners stop accepting before the lanes that send what they received.
    private func services(mllp: EndpointAddress, http: EndpointAddress?, dicom: EndpointAddress?, instances: URL?,
                          mllpServer serverConfiguration: MLLPServerConfiguration,
                          onListening: @escaping @Sendable (Listener) -> Void) async throws -> [any Service] {
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
        let delivery = self.delivery
        var services: [any Service] = [
            LaneService(description: "HL7 delivery", lanes: { await delivery.run() }, wake: { await delivery.wakeAll() }),
            LaneService(description: "DICOM forwarding", lanes: { await forwarding.run() }, wake: { await forwarding.wakeAll() }),
            EscalationTimer(workflow: workflow, logger: logger),
        ]
        if let http {
            let hosts = AllowedHosts(listener: http, configured: configuration.http.allowedHosts)
            let bodyTimeout = configuration.http.requestBodyTimeout
            services.append(Application(
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
                logger: logger))
        }
        let server = try await MLLPServer.bind(listenerConfiguration, delegate: inbound, logger: logger)
        onListening(Listener(kind: "MLLP", address: server.localAddress))
        if let dicom {
            let logger = self.logger
            let scp = DICOMServer(
                configuration: configuration.dicom.limits.serverConfiguration(host: dicom.host, port: dicom.port, aeTitle: configuration.dicom.aeTitle),
                services: [VerificationService()] + WorkflowDICOMServices.make(workflow, instances: instances, index: store, divert: priors.divert) { logger.warning("\($0)") }
                    + [forwarding.commitmentService],
                log: { logger.debug("\($0)") })
            let port: Int
            do {
                port = try await scp.start()
            } catch {
                await server.close()
                throw error
            }
            services.append(DICOMListenerService(server: scp))
            onListening(Listener(kind: "DICOM \(configuration.dicom.aeTitle)", address: try SocketAddress(ipAddress: dicom.host, port: port)))
        }
        services.append(MLLPListenerService(server: server, logger: logger))
        return services
    }
}

/// Holds the workflow service once it exists, for callbacks created before it.
actor WorkflowBox {
    private(set) var service: WorkflowService?
    func set(_ service: WorkflowService) { self.service = service }
}
