import DICOM
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// An association we requested (SCU side): open it, send DIMSE requests, release it.
public final class DICOMAssociation: Sendable {
    public let accept: AssociateAccept
    /// Accepted presentation contexts by ID.
    public let contexts: [UInt8: NegotiatedContext]
    private let channel: any Channel
    private let handler: NIOLoopBound<RequestorHandler>
    private let context: NIOLoopBound<ChannelHandlerContext>
    private let messageIDs = NIOLockedValueBox<UInt16>(0)
    private let timeout: TimeAmount

    private init(accept: AssociateAccept, contexts: [UInt8: NegotiatedContext], channel: any Channel,
                 handler: NIOLoopBound<RequestorHandler>, context: NIOLoopBound<ChannelHandlerContext>, timeout: TimeAmount) {
        self.accept = accept
        self.contexts = contexts
        self.channel = channel
        self.handler = handler
        self.context = context
        self.timeout = timeout
    }

    /// Connects and negotiates. Throws `DICOMNetworkError.rejected` on A-ASSOCIATE-RJ.
    /// With `tls`, the association runs over TLS (PS3.15 B.1; see `DICOMTLS`).
    public static func open(
        host: String, port: Int, callingAETitle: String, calledAETitle: String,
        proposals: [PresentationContextProposal], maximumPDULength: UInt32 = 65_536,
        timeout: TimeAmount = .seconds(30), tls: NIOSSLContext? = nil,
        roleSelections: [RoleSelection] = [], answer: (@Sendable (DIMSEMessage) async -> DIMSEMessage)? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        log: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> DICOMAssociation {
        let user = UserInformation(maximumLength: maximumPDULength, implementationClassUID: DICOMFile.implementationClassUID,
                                   implementationVersionName: DICOMFile.implementationVersionName, roleSelections: roleSelections)
        let request = AssociateRequest(calledAETitle: calledAETitle, callingAETitle: callingAETitle,
                                       presentationContexts: proposals, userInformation: user)
        let loop = group.next()
        let associated = loop.makePromise(of: AssociateAccept.self)
        let pduLimit = max(Int(maximumPDULength), 65_536)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(DICOMTLS.handler(tls, host: host)) }
                    try channel.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(PDUDecoder(maximumLength: pduLimit)),
                        MessageToByteHandler(PDUEncoder()),
                        RequestorHandler(request: request, associated: associated, artimTimeout: timeout, answer: answer, log: log),
                    ])
                }
            }
            .connect(host: host, port: port).get()
        } catch {
            associated.fail(error)
            throw error
        }
        let accept = try await associated.futureResult.get()
        let (handler, context) = try await channel.eventLoop.submit {
            let sync = channel.pipeline.syncOperations
            let handler = try sync.handler(type: RequestorHandler.self)
            let context = try sync.context(handlerType: RequestorHandler.self)
            return (NIOLoopBound(handler, eventLoop: channel.eventLoop), NIOLoopBound(context, eventLoop: channel.eventLoop))
        }.get()
        var contexts: [UInt8: NegotiatedContext] = [:]
        for result in accept.presentationContexts where result.result == .acceptance {
            guard let proposal = proposals.first(where: { $0.id == result.id }) else { continue }
            contexts[result.id] = NegotiatedContext(id: result.id, abstractSyntax: proposal.abstractSyntax, transferSyntax: result.transferSyntax)
        }
        return DICOMAssociation(accept: accept, contexts: contexts, channel: channel, handler: handler, context: context, timeout: timeout)
    }

    /// Presentation contexts numbered 1, 3, 5...: one per abstract syntax.
    public static func proposals(_ syntaxes: [(abstractSyntax: String, transferSyntaxes: [String])]) -> [PresentationContextProposal] {
        syntaxes.enumerated().map { index, entry in
            PresentationContextProposal(id: UInt8(truncatingIfNeeded: index * 2 + 1), abstractSyntax: entry.abstractSyntax, transferSyntaxes: entry.transferSyntaxes)
        }
    }

    public func context(for abstractSyntax: String, transferSyntax: String? = nil) -> NegotiatedContext? {
        contexts.values.sorted { $0.id < $1.id }.first {
            $0.abstractSyntax == abstractSyntax && (transferSyntax == nil || $0.transferSyntax == transferSyntax)
        }
    }

    public func nextMessageID() -> UInt16 {
        messageIDs.withLockedValue { id in
            id = id == UInt16.max ? 1 : id + 1
            return id
        }
    }

    /// Sends a request and returns every response to it, pending ones first, the final one last.
    public func send(_ message: DIMSEMessage) async throws -> [DIMSEMessage] {
        let handler = self.handler, context = self.context
        let future = channel.eventLoop.flatSubmit { handler.value.send(message, context: context.value) }
        let timeout = self.timeout
        let deadline = channel.eventLoop.scheduleTask(in: timeout * 10) { self.abort() }
        defer { deadline.cancel() }
        return try await future.get()
    }

    /// C-ECHO; returns the response status.
    public func echo() async throws -> DIMSEStatus {
        guard let context = context(for: VerificationService.sopClassUID) else {
            throw DICOMNetworkError.noAcceptedContext(VerificationService.sopClassUID)
        }
        let request = DIMSEMessage.request(.cEchoRequest, contextID: context.id, messageID: nextMessageID(), sopClassUID: VerificationService.sopClassUID)
        return try await send(request).last?.status ?? .processingFailure
    }

    /// C-STORE of one file, re-encoded in the accepted transfer syntax when that differs.
    public func store(_ file: DICOMFile) async throws -> DIMSEStatus {
        guard let sopClass = file.dataSet.string(.sopClassUID), let instance = file.dataSet.string(.sopInstanceUID) else {
            throw DIMSEServiceError(status: .missingAttribute, comment: "file has no SOP Class or Instance UID")
        }
        let candidates = contexts.values.filter { $0.abstractSyntax == sopClass }.sorted { $0.id < $1.id }
        guard let context = candidates.first(where: { $0.transferSyntax == file.transferSyntax.uid })
            ?? candidates.first(where: { !$0.syntax.isEncapsulated && !$0.syntax.isBigEndian && !$0.syntax.isDeflated && !file.transferSyntax.isEncapsulated }) else {
            throw DICOMNetworkError.noAcceptedContext(sopClass)
        }
        let bytes = try file.dataSet.encoded(transferSyntax: context.syntax)
        let request = DIMSEMessage.request(.cStoreRequest, contextID: context.id, messageID: nextMessageID(),
                                           sopClassUID: sopClass, sopInstanceUID: instance, dataSet: bytes)
        return try await send(request).last?.status ?? .processingFailure
    }

    /// C-FIND; returns the matches (identifiers of the pending responses) and the final status.
    public func find(_ identifier: DataSet, sopClassUID: String) async throws -> (matches: [DataSet], status: DIMSEStatus) {
        guard let context = context(for: sopClassUID) else { throw DICOMNetworkError.noAcceptedContext(sopClassUID) }
        let request = DIMSEMessage.request(.cFindRequest, contextID: context.id, messageID: nextMessageID(), sopClassUID: sopClassUID,
                                           dataSet: try identifier.encoded(transferSyntax: context.syntax))
        let responses = try await send(request)
        let matches = try responses.filter { $0.status?.isPending == true }.compactMap { try $0.decodedDataSet(transferSyntax: context.syntax) }
        return (matches, responses.last?.status ?? .processingFailure)
    }

    /// C-CANCEL for an outstanding request.
    public func cancel(messageID: UInt16, contextID: UInt8) async throws {
        _ = try await send(.cancel(contextID: contextID, messageID: messageID))
    }

    public func release() async throws {
        let handler = self.handler, context = self.context
        try await channel.eventLoop.flatSubmit { handler.value.release(context: context.value) }.get()
        try? await channel.closeFuture.get()
    }

    public func abort() {
        let handler = self.handler, context = self.context
        channel.eventLoop.execute { handler.value.abort(context: context.value) }
    }
}
