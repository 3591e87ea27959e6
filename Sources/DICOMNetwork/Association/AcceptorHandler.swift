import DICOM
import NIOCore

/// The acceptor (SCP) side of one association: feeds PDUs and local decisions into
/// `AssociationStateMachine` as events and performs the actions it names.
final class AcceptorHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = PDU
    typealias OutboundOut = PDU

    typealias Machine = AssociationStateMachine

    private let negotiator: PresentationContextNegotiator
    private let limiter: AssociationLimiter
    private let log: @Sendable (String) -> Void
    private var state: Machine.State = .sta1
    private var artim: Scheduled<Void>?
    private var holdsSlot = false
    private var assembler: MessageAssembler
    private var info: AssociationInfo?
    private var outstanding = 0
    private var releaseRequested = false
    private let cancellations = CancellationSet()
    private var context: ChannelHandlerContext?

    init(negotiator: PresentationContextNegotiator, limiter: AssociationLimiter, log: @escaping @Sendable (String) -> Void) {
        self.negotiator = negotiator
        self.limiter = limiter
        self.log = log
        self.assembler = MessageAssembler(maximumMessageSize: negotiator.policy.maximumMessageSize)
    }

    var currentState: Machine.State { state }

    // MARK: Channel events → state machine events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { handle(.evt5, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if state == .sta1 { handle(.evt5, context: context) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if state != .sta1 { handle(.evt17, context: context) }
        if holdsSlot { limiter.release(); holdsSlot = false }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let pdu = unwrapInboundIn(data)
        handle(pdu.receivedEvent, pdu: pdu, context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        log("association error in \(state): \(error)")
        if error is PDUError || error is ByteToMessageDecoderError {
            handle(.evt19, context: context, abortReason: (error as? PDUError)?.abortReason ?? Abort.unrecognizedPDU)
        } else {
            context.close(promise: nil)
        }
    }

    // MARK: The machine

    private func handle(_ event: Machine.Event, pdu: PDU? = nil, context: ChannelHandlerContext, abortReason: UInt8 = Abort.unexpectedPDU) {
        guard let action = Machine.action(for: event, in: state) else {
            // Not a valid event in this state: PS3.8 treats it as a protocol error.
            log("\(event.rawValue) is not valid in \(state.rawValue); aborting")
            if state != .sta1 { perform(.aa8, pdu: nil, context: context, abortReason: Abort.unexpectedPDU) }
            return
        }
        perform(action, pdu: pdu, context: context, abortReason: abortReason)
    }

    private func perform(_ action: Machine.Action, pdu: PDU?, context: ChannelHandlerContext, abortReason: UInt8) {
        var next = Machine.nextState(after: action)
        switch action {
        case .ae5:
            startARTIM(context: context)
        case .ae6:
            stopARTIM()
            guard case .associateRequest(let request)? = pdu else { return }
            state = .sta3
            decide(request, context: context)
            return
        case .ae7:
            guard case .associateAccept? = pdu else { return }
            context.writeAndFlush(wrapOutboundOut(pdu!), promise: nil)
        case .ae8:
            guard case .associateReject? = pdu else { return }
            context.writeAndFlush(wrapOutboundOut(pdu!), promise: nil)
            startARTIM(context: context)
        case .dt1, .ar7:
            if let pdu { context.writeAndFlush(wrapOutboundOut(pdu), promise: nil) }
        case .dt2, .ar6:
            guard case .dataTransfer(let values)? = pdu else { return }
            state = next
            receive(values, context: context)
            return
        case .ar2:
            state = next
            releaseRequested = true
            respondToReleaseWhenIdle(context: context)
            return
        case .ar4:
            context.writeAndFlush(wrapOutboundOut(.releaseResponse), promise: nil)
            startARTIM(context: context)
        case .ar5, .aa5:
            stopARTIM()
        case .aa1:
            context.writeAndFlush(wrapOutboundOut(.abort(Abort(source: .serviceUser, reason: 0))), promise: nil)
            startARTIM(context: context)
        case .aa2:
            stopARTIM()
            context.close(promise: nil)
        case .aa3:
            if case .abort(let abort)? = pdu { log("peer aborted (source \(abort.source), reason \(abort.reason))") }
            context.close(promise: nil)
        case .aa4:
            log("transport closed in \(state.rawValue)")
        case .aa6:
            break
        case .aa7:
            context.writeAndFlush(wrapOutboundOut(.abort(Abort(source: .serviceProvider, reason: abortReason))), promise: nil)
        case .aa8:
            context.writeAndFlush(wrapOutboundOut(.abort(Abort(source: .serviceProvider, reason: abortReason))), promise: nil)
            startARTIM(context: context)
        case .ae1, .ae2, .ae3, .ae4, .ar1, .ar3, .ar8, .ar9, .ar10:
            // Requestor-side actions never arise on an acceptor: events that lead to them are
            // answered by abort in the acceptor's states. Kept explicit so the switch stays total.
            next = state
        }
        state = next
    }

    // MARK: Local decisions (the "service user" of PS3.8)

    private func decide(_ request: AssociateRequest, context: ChannelHandlerContext) {
        guard limiter.acquire() else {
            log("association from \(request.callingAETitle) rejected: \(limiter.limit) associations already open")
            let reject = AssociateReject(result: .transient, source: .serviceProviderPresentation, reason: AssociateReject.localLimitExceeded)
            handle(.evt8, pdu: .associateReject(reject), context: context)
            return
        }
        holdsSlot = true
        switch negotiator.negotiate(request) {
        case .reject(let reject):
            log("association from \(request.callingAETitle) to \(request.calledAETitle) rejected (source \(reject.source), reason \(reject.reason))")
            handle(.evt8, pdu: .associateReject(reject), context: context)
        case .accept(let accept, let contexts):
            info = AssociationInfo(callingAETitle: request.callingAETitle, calledAETitle: request.calledAETitle,
                                   peerMaximumPDULength: request.userInformation.maximumLength, contexts: contexts,
                                   remoteAddress: context.remoteAddress?.description)
            log("association from \(request.callingAETitle) accepted, \(contexts.count) of \(request.presentationContexts.count) contexts")
            handle(.evt7, pdu: .associateAccept(accept), context: context)
        }
    }

    private func receive(_ values: [PresentationDataValue], context: ChannelHandlerContext) {
        guard let info else { return }
        for value in values {
            guard info.contexts[value.contextID] != nil else {
                log("P-DATA on presentation context \(value.contextID), which was not accepted")
                handle(.evt19, context: context, abortReason: Abort.invalidPDUParameterValue)
                return
            }
            let message: DIMSEMessage?
            do { message = try assembler.append(value) } catch {
                log("DIMSE message refused: \(error)")
                handle(.evt19, context: context, abortReason: Abort.invalidPDUParameterValue)
                return
            }
            if let message { dispatch(message, info: info, context: context) }
        }
    }

    private func dispatch(_ message: DIMSEMessage, info: AssociationInfo, context: ChannelHandlerContext) {
        guard let field = message.commandField, let negotiated = info.contexts[message.contextID] else { return }
        if field == .cCancelRequest {
            if let id = message.respondedMessageID { cancellations.cancel(id) }
            return
        }
        guard !field.isResponse else { return }
        let service = negotiator.services.first { $0.accepts(sopClassUID: negotiated.abstractSyntax) && $0.commands.contains(field) }
        guard let service else {
            send(.response(to: message, status: .unrecognizedOperation), context: context)
            return
        }
        guard outstanding < negotiator.policy.maximumOutstandingOperations else {
            send(.response(to: message, status: .outOfResources, errorComment: "too many outstanding operations"), context: context)
            return
        }
        outstanding += 1
        let request = ServiceRequest(message: message, context: negotiated, association: info)
        let loop = context.eventLoop
        let bound = NIOLoopBound(self, eventLoop: loop)
        let boundContext = NIOLoopBound(context, eventLoop: loop)
        let messageID = message.messageID ?? 0
        let cancellations = self.cancellations
        let responder = ServiceResponder(
            send: { response in loop.execute { bound.value.send(response, context: boundContext.value) } },
            isCancelled: { cancellations.isCancelled(messageID) })
        let promise = loop.makePromise(of: Void.self)
        promise.completeWithTask { try await service.handle(request, responder: responder) }
        promise.futureResult.whenComplete { result in
            let handler = bound.value
            if case .failure(let error) = result {
                let failure = error as? DIMSEServiceError ?? DIMSEServiceError(status: .processingFailure, comment: "service failed")
                handler.send(.response(to: message, status: failure.status, errorComment: failure.comment), context: boundContext.value)
            }
            cancellations.clear(messageID)
            handler.outstanding -= 1
            handler.respondToReleaseWhenIdle(context: boundContext.value)
        }
    }

    private func send(_ message: DIMSEMessage, context: ChannelHandlerContext) {
        guard state == .sta6 || state == .sta8, let info else { return }
        do {
            for pdu in try MessageFragmenter.pdus(for: message, maximumPDULength: info.peerMaximumPDULength) {
                handle(.evt9, pdu: pdu, context: context)
            }
        } catch {
            log("response could not be encoded: \(error)")
        }
    }

    /// The A-RELEASE response waits until every request on the association has been answered.
    private func respondToReleaseWhenIdle(context: ChannelHandlerContext) {
        guard releaseRequested, outstanding == 0, state == .sta8 else { return }
        releaseRequested = false
        handle(.evt14, context: context)
    }

    // MARK: ARTIM

    private func startARTIM(context: ChannelHandlerContext) {
        artim?.cancel()
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        artim = context.eventLoop.scheduleTask(in: negotiator.policy.artimTimeout) {
            let handler = bound.value
            handler.log("ARTIM timer expired in \(handler.state.rawValue)")
            handler.handle(.evt18, context: boundContext.value)
            if handler.state != .sta1 { boundContext.value.close(promise: nil) }
        }
    }

    private func stopARTIM() {
        artim?.cancel()
        artim = nil
    }
}
