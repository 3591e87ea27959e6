import DICOM
import NIOCore

/// The NIO side of one acceptor association: PDUs and channel events go to `AcceptorSession`,
/// which decides; this handler writes, closes, runs the timers and the service tasks.
final class AcceptorHandler: ChannelInboundHandler, RemovableChannelHandler, AcceptorConnection {
    typealias InboundIn = PDU
    typealias OutboundOut = PDU

    private let session: AcceptorSession
    private let pending: PendingConnections
    private let logger: @Sendable (String) -> Void
    private var pendingTicket: UInt64?
    private var context: ChannelHandlerContext?
    private var artim: Scheduled<Void>?
    private var idleCheck: Scheduled<Void>?
    private var lastActivity = NIODeadline.now()

    init(negotiator: PresentationContextNegotiator, associations: AssociationLimiter, budget: ByteBudget,
         pending: PendingConnections, log: @escaping @Sendable (String) -> Void) {
        self.session = AcceptorSession(negotiator: negotiator, associations: associations, budget: budget)
        self.pending = pending
        self.logger = log
    }

    var currentState: AssociationStateMachine.State { session.state }

    // MARK: Channel events → session

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        session.connection = self
        if context.channel.isActive { becameActive(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        becameActive(context)
        context.fireChannelActive()
    }

    private func becameActive(_ context: ChannelHandlerContext) {
        guard session.state == .sta1, pendingTicket == nil else { return }
        session.remoteAddress = context.remoteAddress?.description
        pendingTicket = pending.add(context.channel)
        session.connected()
    }

    func channelInactive(context: ChannelHandlerContext) {
        session.transportClosed()
        leavePending()
        stopARTIM()
        idleCheck?.cancel()
        idleCheck = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        session.received(unwrapInboundIn(data))
    }

    /// A peer that does not read its responses is not read from either, so what we queue for it
    /// stays bounded by the channel's write buffer water marks.
    func channelWritabilityChanged(context: ChannelHandlerContext) {
        try? context.channel.syncOptions?.setOption(.autoRead, value: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        log("association error in \(session.state): \(error)")
        if error is PDUError || error is ByteToMessageDecoderError {
            session.protocolError(abortReason: (error as? PDUError)?.abortReason ?? Abort.unrecognizedPDU)
        } else {
            context.close(promise: nil)
        }
    }

    private func leavePending() {
        if let pendingTicket { pending.remove(pendingTicket) }
        pendingTicket = nil
    }

    // MARK: AcceptorConnection

    func write(_ pdu: PDU) { context?.writeAndFlush(wrapOutboundOut(pdu), promise: nil) }

    func close() { context?.close(promise: nil) }

    func log(_ text: String) { logger(text) }

    func associationEstablished() {
        leavePending()
        lastActivity = .now()
        scheduleIdleCheck(in: TimeAmount(session.policy.idleTimeout))
    }

    func run(_ request: ServiceRequest, on service: any DIMSEService, reservedBytes: Int) {
        guard let context else { return }
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let messageID = request.message.messageID ?? 0
        let cancellations = session.cancellations
        let responder = ServiceResponder(
            send: { response in loop.execute { bound.value.session.send(response) } },
            isCancelled: { cancellations.isCancelled(messageID) })
        let promise = loop.makePromise(of: Void.self)
        promise.completeWithTask { try await service.handle(request, responder: responder) }
        promise.futureResult.whenComplete { result in
            let handler = bound.value
            if case .failure(let error) = result {
                let failure = error as? DIMSEServiceError ?? DIMSEServiceError(status: .processingFailure, comment: "service failed")
                handler.session.send(.response(to: request.message, status: failure.status, errorComment: failure.comment))
            }
            handler.lastActivity = .now()
            handler.session.operationFinished(messageID: messageID, reservedBytes: reservedBytes)
        }
    }

    // MARK: Timers

    func startARTIM() {
        guard let context else { return }
        artim?.cancel()
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        artim = context.eventLoop.scheduleTask(in: TimeAmount(session.policy.artimTimeout)) {
            let handler = bound.value
            handler.session.artimExpired()
            if handler.session.state != .sta1 { handler.close() }
        }
    }

    func stopARTIM() {
        artim?.cancel()
        artim = nil
    }

    /// Checks at the moment the association would have been idle for `idleTimeout`; activity in
    /// between moves the next check instead of rescheduling the timer on every PDU.
    private func scheduleIdleCheck(in delay: TimeAmount) {
        guard let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(in: delay) { bound.value.checkIdle() }
    }

    private func checkIdle() {
        let state = session.state
        guard state != .sta1, state != .sta13 else { return }
        let timeout = TimeAmount(session.policy.idleTimeout)
        let idleUntil = lastActivity + timeout
        let now = NIODeadline.now()
        guard session.isIdle else { return scheduleIdleCheck(in: timeout) }
        guard now >= idleUntil else { return scheduleIdleCheck(in: idleUntil - now) }
        log("association idle for \(session.policy.idleTimeout); aborting")
        session.abort()
    }
}
