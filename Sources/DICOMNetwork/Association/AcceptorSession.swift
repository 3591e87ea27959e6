import DICOM

/// What an acceptor session asks of its connection. `AcceptorHandler` does it over NIO; the fuzzer
/// (Fuzz/AssociationFuzzer.swift) records it, so the same session code runs in both.
protocol AcceptorConnection: AnyObject {
    func write(_ pdu: PDU)
    func close()
    func startARTIM()
    func stopARTIM()
    /// The request was accepted: the connection is no longer pending and is now watched for idleness.
    func associationEstablished()
    /// Serves one request; the connection calls `AcceptorSession.operationFinished` when it is done.
    func run(_ request: ServiceRequest, on service: any DIMSEService, reservedBytes: Int)
    func log(_ text: String)
}

/// The acceptor (SCP) side of one association without I/O: feeds PDUs and local decisions into
/// `AssociationStateMachine` as events and performs the actions it names through its connection.
/// Used on one thread (the channel's event loop).
final class AcceptorSession {
    typealias Machine = AssociationStateMachine

    private let negotiator: PresentationContextNegotiator
    private let associations: AssociationLimiter
    private let budget: ByteBudget
    weak var connection: (any AcceptorConnection)?
    private(set) var state: Machine.State = .sta1
    private var holdsSlot = false
    private var assembler: MessageAssembler
    private(set) var info: AssociationInfo?
    /// The peer's address, for `AssociationInfo`; set by the connection.
    var remoteAddress: String?
    private(set) var outstanding = 0
    private var releaseRequested = false
    let cancellations = CancellationSet()

    private static let established: Set<Machine.State> = [.sta6, .sta7, .sta8, .sta9, .sta10, .sta11, .sta12]

    init(negotiator: PresentationContextNegotiator, associations: AssociationLimiter, budget: ByteBudget) {
        self.negotiator = negotiator
        self.associations = associations
        self.budget = budget
        self.assembler = MessageAssembler(maximumMessageSize: negotiator.policy.maximumMessageSize, budget: budget)
    }

    var policy: AcceptorPolicy { negotiator.policy }
    /// Established, with no request being served: what the idle timeout watches.
    var isIdle: Bool { state == .sta6 && outstanding == 0 }

    // MARK: Events from the connection

    func connected() { if state == .sta1 { handle(.evt5) } }

    func received(_ pdu: PDU) { handle(pdu.receivedEvent, pdu: pdu) }

    func protocolError(abortReason: UInt8) { handle(.evt19, abortReason: abortReason) }

    func transportClosed() {
        if state != .sta1 { handle(.evt17) }
        assembler.releaseReservation()
        releaseSlot()
    }

    /// The connection closes itself afterwards unless the machine is back in Sta1.
    func artimExpired() {
        connection?.log("ARTIM timer expired in \(state.rawValue)")
        handle(.evt18)
    }

    /// The local service user aborts (idle timeout): A-ABORT, then wait for the peer to close.
    func abort() { handle(.evt15) }

    // MARK: The machine

    private func handle(_ event: Machine.Event, pdu: PDU? = nil, abortReason: UInt8 = Abort.unexpectedPDU) {
        guard let action = Machine.action(for: event, in: state) else {
            // Not a valid event in this state: PS3.8 treats it as a protocol error.
            connection?.log("\(event.rawValue) is not valid in \(state.rawValue); aborting")
            if state != .sta1 { perform(.aa8, pdu: nil, abortReason: Abort.unexpectedPDU) }
            return
        }
        perform(action, pdu: pdu, abortReason: abortReason)
    }

    private func perform(_ action: Machine.Action, pdu: PDU?, abortReason: UInt8) {
        defer { if !Self.established.contains(state) { releaseSlot() } }
        var next = Machine.nextState(after: action)
        switch action {
        case .ae5:
            connection?.startARTIM()
        case .ae6:
            connection?.stopARTIM()
            guard case .associateRequest(let request)? = pdu else { return }
            state = .sta3
            decide(request)
            return
        case .ae7:
            guard let pdu, case .associateAccept = pdu else { return }
            connection?.write(pdu)
            state = next
            connection?.associationEstablished()
            return
        case .ae8:
            guard let pdu, case .associateReject = pdu else { return }
            connection?.write(pdu)
            connection?.startARTIM()
        case .dt1, .ar7:
            if let pdu { connection?.write(pdu) }
        case .dt2, .ar6:
            guard case .dataTransfer(let values)? = pdu else { return }
            state = next
            receive(values)
            return
        case .ar2:
            state = next
            releaseRequested = true
            respondToReleaseWhenIdle()
            return
        case .ar4:
            connection?.write(.releaseResponse)
            connection?.startARTIM()
        case .ar5, .aa5:
            connection?.stopARTIM()
        case .aa1:
            connection?.write(.abort(Abort(source: .serviceUser, reason: 0)))
            connection?.startARTIM()
        case .aa2:
            connection?.stopARTIM()
            connection?.close()
        case .aa3:
            if case .abort(let abort)? = pdu { connection?.log("peer aborted (source \(abort.source), reason \(abort.reason))") }
            connection?.close()
        case .aa4:
            connection?.log("transport closed in \(state.rawValue)")
        case .aa6:
            break
        case .aa7:
            connection?.write(.abort(Abort(source: .serviceProvider, reason: abortReason)))
        case .aa8:
            connection?.write(.abort(Abort(source: .serviceProvider, reason: abortReason)))
            connection?.startARTIM()
        case .ae1, .ae2, .ae3, .ae4, .ar1, .ar3, .ar8, .ar9, .ar10:
            // Requestor-side actions never arise on an acceptor: events that lead to them are
            // answered by abort in the acceptor's states. Kept explicit so the switch stays total.
            next = state
        }
        state = next
    }

    private func releaseSlot() {
        guard holdsSlot else { return }
        holdsSlot = false
        associations.release()
    }

    // MARK: Local decisions (the "service user" of PS3.8)

    /// Negotiation first, the slot only for an acceptable request: a rejected one never holds it.
    private func decide(_ request: AssociateRequest) {
        switch negotiator.negotiate(request) {
        case .reject(let reject):
            connection?.log("association from \(request.callingAETitle) to \(request.calledAETitle) rejected (source \(reject.source), reason \(reject.reason))")
            handle(.evt8, pdu: .associateReject(reject))
        case .accept(let accept, let contexts):
            guard associations.acquire() else {
                connection?.log("association from \(request.callingAETitle) rejected: \(associations.limit) associations already open")
                let reject = AssociateReject(result: .transient, source: .serviceProviderPresentation, reason: AssociateReject.localLimitExceeded)
                handle(.evt8, pdu: .associateReject(reject))
                return
            }
            holdsSlot = true
            info = AssociationInfo(callingAETitle: request.callingAETitle, calledAETitle: request.calledAETitle,
                                   peerMaximumPDULength: request.userInformation.maximumLength, contexts: contexts,
                                   remoteAddress: remoteAddress)
            connection?.log("association from \(request.callingAETitle) accepted, \(contexts.count) of \(request.presentationContexts.count) contexts")
            handle(.evt7, pdu: .associateAccept(accept))
        }
    }

    private func receive(_ values: [PresentationDataValue]) {
        guard let info else { return }
        for value in values {
            guard info.contexts[value.contextID] != nil else {
                connection?.log("P-DATA on presentation context \(value.contextID), which was not accepted")
                handle(.evt19, abortReason: Abort.invalidPDUParameterValue)
                return
            }
            let outcome: MessageAssembler.Outcome
            do { outcome = try assembler.assemble(value) } catch {
                connection?.log("DIMSE message refused: \(error)")
                handle(.evt19, abortReason: Abort.invalidPDUParameterValue)
                return
            }
            switch outcome {
            case .incomplete: continue
            case .message(let message, let reserved): dispatch(message, reservedBytes: reserved, info: info)
            case .refused(let message):
                connection?.log("DIMSE data set dropped: \(budget.limit) buffered bytes in use")
                if message.commandField?.isResponse == false {
                    send(.response(to: message, status: .outOfResources, errorComment: "receive buffers full"))
                }
            }
            // The message may have ended the association (an abort while answering it).
            guard Self.established.contains(state) else { return }
        }
    }

    private func dispatch(_ message: DIMSEMessage, reservedBytes: Int, info: AssociationInfo) {
        var handedOver = false
        defer { if !handedOver && reservedBytes > 0 { budget.release(reservedBytes) } }
        guard let field = message.commandField, let negotiated = info.contexts[message.contextID] else { return }
        if field == .cCancelRequest {
            if let id = message.respondedMessageID { cancellations.cancel(id) }
            return
        }
        guard !field.isResponse else { return }
        let service = negotiator.services.first { $0.accepts(sopClassUID: negotiated.abstractSyntax) && $0.commands.contains(field) }
        guard let service else {
            send(.response(to: message, status: .unrecognizedOperation))
            return
        }
        guard outstanding < policy.maximumOutstandingOperations else {
            send(.response(to: message, status: .outOfResources, errorComment: "too many outstanding operations"))
            return
        }
        guard let connection else { return }
        outstanding += 1
        handedOver = true
        connection.run(ServiceRequest(message: message, context: negotiated, association: info, decodingOptions: policy.decodingOptions),
                       on: service, reservedBytes: reservedBytes)
    }

    /// A service finished its request (its final response was sent through `send`).
    func operationFinished(messageID: UInt16, reservedBytes: Int) {
        if reservedBytes > 0 { budget.release(reservedBytes) }
        cancellations.clear(messageID)
        outstanding -= 1
        respondToReleaseWhenIdle()
    }

    /// A DIMSE message to the peer (a service's response), fragmented to the peer's PDU length.
    func send(_ message: DIMSEMessage) {
        guard state == .sta6 || state == .sta8, let info else { return }
        do {
            for pdu in try MessageFragmenter.pdus(for: message, maximumPDULength: info.peerMaximumPDULength) {
                handle(.evt9, pdu: pdu)
            }
        } catch {
            connection?.log("response could not be encoded: \(error)")
        }
    }

    /// The A-RELEASE response waits until every request on the association has been answered.
    private func respondToReleaseWhenIdle() {
        guard releaseRequested, outstanding == 0, state == .sta8 else { return }
        releaseRequested = false
        handle(.evt14)
    }
}
