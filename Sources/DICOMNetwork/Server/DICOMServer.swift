import DICOM
import NIOCore
import NIOPosix
import NIOConcurrencyHelpers

/// A DICOM SCP listener: every accepted connection gets its own association state machine, and
/// requests go to the plugged-in services. `radbridge serve` starts one with the defaults below:
///
///     let server = DICOMServer(configuration: .init(),            // RADBRIDGE on 127.0.0.1:11112
///                              services: [VerificationService()]) // C-ECHO; add Storage/Find/MPPS here
///     try await server.start()
///     try await server.waitUntilClosed()
public final class DICOMServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String = "127.0.0.1"
        public var port: Int = 11112
        public var policy: AcceptorPolicy = AcceptorPolicy(aeTitle: "RADBRIDGE")

        public init(host: String = "127.0.0.1", port: Int = 11112, aeTitle: String = "RADBRIDGE") {
            self.host = host
            self.port = port
            self.policy = AcceptorPolicy(aeTitle: aeTitle)
        }
    }

    public let configuration: Configuration
    private let negotiator: PresentationContextNegotiator
    private let limiter: AssociationLimiter
    private let pending: PendingConnections
    private let budget: ByteBudget
    private let group: any EventLoopGroup
    private let log: @Sendable (String) -> Void
    private let channel: NIOLockedValueBox<Channel?> = NIOLockedValueBox(nil)

    public init(configuration: Configuration, services: [any DIMSEService],
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.configuration = configuration
        self.negotiator = PresentationContextNegotiator(policy: configuration.policy, services: services)
        self.limiter = AssociationLimiter(limit: configuration.policy.maximumAssociations)
        self.pending = PendingConnections(limit: configuration.policy.maximumPendingConnections)
        self.budget = ByteBudget(limit: configuration.policy.maximumBufferedBytes)
        self.group = group
        self.log = log
    }

    /// Binds and starts accepting; returns the bound port (useful with port 0).
    @discardableResult
    public func start() async throws -> Int {
        let negotiator = self.negotiator, limiter = self.limiter, pending = self.pending, budget = self.budget, log = self.log
        let pduLimit = max(Int(configuration.policy.maximumPDULength), 65_536)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(PDUDecoder(maximumLength: pduLimit)),
                        MessageToByteHandler(PDUEncoder()),
                        AcceptorHandler(negotiator: negotiator, associations: limiter, budget: budget, pending: pending, log: log),
                    ])
                }
            }
        let bound = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        channel.withLockedValue { $0 = bound }
        log("DICOM listener \(configuration.policy.aeTitle) on \(configuration.host):\(bound.localAddress?.port ?? configuration.port)")
        return bound.localAddress?.port ?? configuration.port
    }

    /// Resolves when the listener is closed.
    public func waitUntilClosed() async throws {
        guard let channel = channel.withLockedValue({ $0 }) else { return }
        try await channel.closeFuture.get()
    }

    public func stop() async throws {
        guard let channel = channel.withLockedValue({ $0 }) else { return }
        try await channel.close()
    }

    /// Associations open right now.
    public var openAssociations: Int { limiter.current }
    /// Connections not (yet) associated: awaiting their A-ASSOCIATE-RQ, or rejected and closing.
    public var pendingConnections: Int { pending.count }
    /// Bytes of DIMSE data sets held by all associations (being received or being served).
    public var bufferedBytes: Int { budget.current }
}
