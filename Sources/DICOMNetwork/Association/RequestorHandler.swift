import DICOM
import NIOCore

/// The requestor (SCU) side of one association, driven by `AssociationStateMachine` like the acceptor.
final class RequestorHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = PDU
    typealias OutboundOut = PDU
    typealias Machine = AssociationStateMachine

    private let request: AssociateRequest
    private let associated: EventLoopPromise<AssociateAccept>
    private let artimTimeout: TimeAmount
    private let log: @Sendable (String) -> Void
    private var state: Machine.State = .sta1
    private var artim: Scheduled<Void>?
    private var assembler = MessageAssembler()
    private(set) var peerMaximumPDULength: UInt32 = 0
    private var pending: [UInt16: (responses: [DIMSEMessage], promise: EventLoopPromise<[DIMSEMessage]>)] = [:]
    private var released: EventLoopPromise<Void>?
    private var failure: DICOMNetworkError?
    private var associationSettled = false
    /// Answers requests the acceptor sends on this association (the C-STORE sub-operations of a C-GET).
    private let answer: (@Sendable (DIMSEMessage) async -> DIMSEMessage)?

    init(request: AssociateRequest, associated: EventLoopPromise<AssociateAccept>, artimTimeout: TimeAmount,
         answer: (@Sendable (DIMSEMessage) async -> DIMSEMessage)? = nil, log: @escaping @Sendable (String) -> Void) {
        self.request = request
        self.associated = associated
        self.artimTimeout = artimTimeout
        self.answer = answer
        self.log = log
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        handle(.evt1, context: context)
        if context.channel.isActive { handle(.evt2, context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if state == .sta4 { handle(.evt2, context: context) }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if state != .sta1 { handle(.evt17, context: context) }
        failEverything(failure ?? .connectionClosed)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let pdu = unwrapInboundIn(data)
        handle(pdu.receivedEvent, pdu: pdu, context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        log("association error in \(state.rawValue): \(error)")
        if failure == nil { failure = .transport("\(error)") }
        handle(.evt19, context: context)
    }

    // MARK: Local requests (called on the event loop)

    func send(_ message: DIMSEMessage, context: ChannelHandlerContext) -> EventLoopFuture<[DIMSEMessage]> {
        let id = message.messageID ?? 0
        guard state == .sta6 else {
            return context.eventLoop.makeFailedFuture(failure ?? DICOMNetworkError.notEstablished)
        }
        let promise = context.eventLoop.makePromise(of: [DIMSEMessage].self)
        let expectsResponse = message.commandField != .cCancelRequest
        if expectsResponse { pending[id] = ([], promise) }
        do {
            for pdu in try MessageFragmenter.pdus(for: message, maximumPDULength: peerMaximumPDULength) {
                handle(.evt9, pdu: pdu, context: context)
            }
        } catch {
            pending[id] = nil
            promise.fail(error)
        }
        if !expectsResponse { promise.succeed([]) }
        return promise.futureResult
    }

    func release(context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        guard state == .sta6 else { return context.eventLoop.makeSucceededVoidFuture() }
        let promise = context.eventLoop.makePromise(of: Void.self)
        released = promise
        handle(.evt11, context: context)
        return promise.futureResult
    }

    func abort(context: ChannelHandlerContext) {
        guard state != .sta1 && state != .sta13 else { return }
        failure = .aborted(Abort(source: .serviceUser, reason: 0))
        handle(.evt15, context: context)
    }

    // MARK: The machine

    private func handle(_ event: Machine.Event, pdu: PDU? = nil, context: ChannelHandlerContext) {
        guard let action = Machine.action(for: event, in: state) else {
            log("\(event.rawValue) is not valid in \(state.rawValue); aborting")
            if state != .sta1 { perform(.aa8, pdu: nil, context: context) }
            return
        }
        perform(action, pdu: pdu, context: context)
    }

    private func perform(_ action: Machine.Action, pdu: PDU?, context: ChannelHandlerContext) {
        var next = Machine.nextState(after: action, isRequestor: true)
        switch action {
        case .ae1:
            break  // the bootstrap has already asked for the connection
        case .ae2:
            context.writeAndFlush(wrapOutboundOut(.associateRequest(request)), promise: nil)
            startARTIM(context: context)
        case .ae3:
            stopARTIM()
            guard case .associateAccept(let accept)? = pdu else { return }
            peerMaximumPDULength = accept.userInformation.maximumLength
            state = next
            associationSettled = true
            associated.succeed(accept)
            return
        case .ae4:
            stopARTIM()
            if case .associateReject(let reject)? = pdu { failure = .rejected(reject) }
            context.close(promise: nil)
        case .dt1, .ar7:
            if let pdu { context.writeAndFlush(wrapOutboundOut(pdu), promise: nil) }
        case .dt2, .ar6:
            guard case .dataTransfer(let values)? = pdu else { return }
            state = next
            receive(values, context: context)
            return
        case .ar1:
            context.writeAndFlush(wrapOutboundOut(.releaseRequest), promise: nil)
            startARTIM(context: context)
        case .ar3:
            stopARTIM()
            state = next
            released?.succeed(())
            released = nil
            context.close(promise: nil)
            return
        case .ar8:
            break  // release collision: answered below once the state is Sta9
        case .ar9:
            context.writeAndFlush(wrapOutboundOut(.releaseResponse), promise: nil)
        case .ar2:
            // The acceptor asked to release: an SCU has nothing it must finish first, so answer at once.
            state = next
            handle(.evt14, context: context)
            return
        case .ar4:
            context.writeAndFlush(wrapOutboundOut(.releaseResponse), promise: nil)
            startARTIM(context: context)
        case .ar10:
            state = next
            handle(.evt14, context: context)
            return
        case .ar5, .aa5:
            stopARTIM()
        case .aa1:
            context.writeAndFlush(wrapOutboundOut(.abort(Abort(source: .serviceUser, reason: 0))), promise: nil)
            startARTIM(context: context)
            context.close(promise: nil)
        case .aa2:
            stopARTIM()
            context.close(promise: nil)
        case .aa3:
            if case .abort(let abort)? = pdu { failure = .aborted(abort) }
            context.close(promise: nil)
        case .aa4:
            break
        case .aa6:
            break
        case .aa7:
            context.writeAndFlush(wrapOutboundOut(.abort(Abort(source: .serviceProvider, reason: Abort.unexpectedPDU))), promise: nil)
        case .aa8:
            failure = failure ?? .aborted(Abort(source: .serviceProvider, reason: Abort.unexpectedPDU))
            context.writeAndFlush(wrapOutboundOut(.abort(Abort(source: .serviceProvider, reason: Abort.unexpectedPDU))), promise: nil)
            context.close(promise: nil)
        case .ae5, .ae6, .ae7, .ae8:
            next = state  // acceptor-side actions; their events never reach a requestor in those states
        }
        state = next
        if action == .ar8 && state == .sta9 { handle(.evt14, context: context) }
    }

    private func receive(_ values: [PresentationDataValue], context: ChannelHandlerContext) {
        for value in values {
            do {
                guard let message = try assembler.append(value) else { continue }
                if message.respondedMessageID == nil, let field = message.commandField, field.rawValue & 0x8000 == 0 {
                    respond(to: message, context: context)
                    continue
                }
                guard let id = message.respondedMessageID, var entry = pending[id] else { continue }
                entry.responses.append(message)
                if message.status?.isPending == true {
                    pending[id] = entry
                } else {
                    pending[id] = nil
                    entry.promise.succeed(entry.responses)
                }
            } catch {
                log("response refused: \(error)")
                handle(.evt19, context: context)
                return
            }
        }
    }

    /// A request from the acceptor: answered by `answer` off the event loop, the response sent back on it.
    /// Without `answer`, the request is refused (Unrecognized Operation) rather than left unanswered.
    private func respond(to request: DIMSEMessage, context: ChannelHandlerContext) {
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        guard let answer else {
            sendResponse(.response(to: request, status: .unrecognizedOperation), context: context)
            return
        }
        let loop = context.eventLoop
        Task {
            let response = await answer(request)
            loop.execute { bound.value.0.sendResponse(response, context: bound.value.1) }
        }
    }

    private func sendResponse(_ response: DIMSEMessage, context: ChannelHandlerContext) {
        guard state == .sta6 else { return }
        do {
            for pdu in try MessageFragmenter.pdus(for: response, maximumPDULength: peerMaximumPDULength) {
                handle(.evt9, pdu: pdu, context: context)
            }
        } catch {
            log("response not sent: \(error)")
        }
    }

    private func failEverything(_ error: DICOMNetworkError) {
        if !associationSettled { associationSettled = true; associated.fail(error) }
        for (_, entry) in pending { entry.promise.fail(error) }
        pending = [:]
        if let released {
            if case .connectionClosed = error { released.succeed(()) } else { released.fail(error) }
        }
        released = nil
        stopARTIM()
    }

    private func startARTIM(context: ChannelHandlerContext) {
        artim?.cancel()
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        artim = context.eventLoop.scheduleTask(in: artimTimeout) {
            let handler = bound.value
            handler.log("ARTIM timer expired in \(handler.state.rawValue)")
            handler.failure = .timedOut
            handler.handle(.evt18, context: boundContext.value)
            boundContext.value.close(promise: nil)
        }
    }

    private func stopARTIM() {
        artim?.cancel()
        artim = nil
    }
}
