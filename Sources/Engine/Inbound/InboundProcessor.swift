import Foundation
import HL7
import Logging
import MLLP
import Store
import Workflow

/// Inbound HL7 from any adapter (MLLP, FHIR create, the console) → parse → journal (durable) →
/// workflow → answer; accepted messages are queued to their routes in the same commit.
final class InboundProcessor: MLLPServerDelegate {
    private let store: any Store
    private let router: MessageRouter
    private let orderings: [String: DeliveryOrdering]
    private let onQueued: @Sendable ([String]) async -> Void
    private let workflow: WorkflowService?
    private let profiles: ProfileCatalog
    private let validation: ValidationPolicyResolver
    /// The senders whose application ACKs may close critical results (`answersAs` of `workflow.criticalTo`).
    private let acknowledgers: [AcknowledgementSender]
    private let logger: Logger

    init(store: any Store, configuration: EngineConfiguration, logger: Logger, workflow: WorkflowService? = nil,
         onQueued: @escaping @Sendable ([String]) async -> Void) {
        self.workflow = workflow
        self.store = store
        self.router = MessageRouter(configuration.routes)
        self.orderings = configuration.destinations.mapValues(\.ordering)
        // The configuration was validated when it was read, so the catalog loads.
        self.profiles = (try? configuration.profileCatalog()) ?? ProfileCatalog()
        self.validation = ValidationPolicyResolver(configuration)
        self.onQueued = onQueued
        self.acknowledgers = configuration.workflow.criticalTo.compactMap { configuration.destinations[$0]?.answersAs }
        self.logger = logger
    }

    /// The MLLP adapter: a frame is submitted as what its peer sent.
    func reply(to frame: MLLPInboundFrame) async -> [UInt8]? {
        await submit(frame.payload, from: InboundSource(peer: frame.peer, principal: .peer("", address: frame.peer),
                                                        receivedAt: frame.receivedAt)).reply
    }

    /// One inbound message, whoever sent it: what it came to, as bytes to answer with and as the
    /// code, issues and response the adapter can read without parsing them back.
    func submit(_ raw: [UInt8], from source: InboundSource) async -> Submission {
        switch HL7Adapter.parse(raw, policy: { validation.policy(for: $0) }) {
        case .failure(let error):
            logger.warning("rejected unparseable message: \(error.logged)", metadata: ["peer": "\(source.peer)"])
            let entry = NewJournalEntry(raw: raw, peer: source.peer, receivedAt: source.receivedAt,
                                        controlID: nil, messageType: nil, sendingApplication: nil,
                                        sendingFacility: nil, status: .rejected, error: error.description)
            do {
                _ = try await store.append(entry)
            } catch {
                logger.error("journal write failed: \(error)", metadata: ["peer": "\(source.peer)"])
            }
            return Submission(reply: HL7Adapter.reject(raw, error), code: .AR,
                              issues: [HL7Issue(.segmentSequenceError, at: nil, error.description)])
        case .success(let message):
            return await accept(message, raw: raw, source: source)
        }
    }

    private func accept(_ parsed: InboundMessage, raw: [UInt8], source: InboundSource) async -> Submission {
        // Built only when a line is logged: swift-log takes metadata as an autoclosure.
        let metadata = { Self.metadata(source, parsed) }
        let (message, warnings) = parsed.checked(against: profiles.inboundProfile(for: parsed.message.header))
        for warning in warnings { logger.warning("profile: \(warning.logged)", metadata: metadata()) }
        var entry = NewJournalEntry(raw: raw, peer: source.peer, receivedAt: source.receivedAt,
                                    controlID: message.controlID, messageType: message.messageType,
                                    sendingApplication: message.sendingApplication,
                                    sendingFacility: message.sendingFacility, status: .accepted)
        entry.warnings = message.journalWarnings
        if !message.warnings.isEmpty {
            logger.info("\(message.warnings.count) validation warning(s): \(message.warnings.map(\.logged).joined(separator: "; "))",
                        metadata: metadata())
        }
        if let errorText = message.errorText {
            entry.status = .rejected
            entry.error = errorText
        } else {
            entry.deliveries = router.destinations(messageType: message.messageType,
                                                   sendingApplication: message.sendingApplication,
                                                   sendingFacility: message.sendingFacility)
                .map { OutboxRequest(destination: $0, orderingKey: orderingKey(message, destination: $0)) }
        }
        var issues: [HL7Issue] = []
        if let workflow, entry.status == .accepted, let kind = message.workflowKind {
            if kind.isQuery {
                return await answer(message, entry: entry, receivedAt: source.receivedAt, workflow: workflow, metadata: metadata)
            }
            if message.message.header.messageCode != "ACK" || isAcknowledger(message, peer: source.peer) {
                return await apply(message, entry: entry, receivedAt: source.receivedAt, workflow: workflow, metadata: metadata)
            }
            // Journaled and answered like any message, but the workflow never sees it: it closes nothing.
            issues = await ignoredAcknowledgement(message, workflow: workflow, metadata: metadata)
        }
        let result: JournalAppendResult
        do {
            result = try await store.append(entry)
        } catch {
            // Not durable, so not accepted: AR tells the sender to try again later.
            logger.error("journal write failed, rejecting: \(error)", metadata: metadata())
            let issue = HL7Issue(.applicationInternalError, at: nil, "message could not be stored; send it again later")
            return message.answer(.AR, issues: [issue])
        }
        switch result.status {
        case .accepted:
            logger.debug("accepted", metadata: metadata())
            if !entry.deliveries.isEmpty { await onQueued(entry.deliveries.map(\.destination)) }
            return message.answer(.AA, issues: message.warnings + issues)
        case .duplicate:
            logger.info("duplicate of journal entry \(result.duplicateOf ?? 0), acknowledged again", metadata: metadata())
            return message.answer(.AA, issues: message.warnings + issues)
        case .rejected, .outbound:
            logger.warning("rejected: \(message.errors.map(\.logged).joined(separator: "; "))", metadata: metadata())
            return message.answer(message.outcome, issues: message.errors + message.warnings)
        }
    }

    /// A message the workflow applies: the journal entry, the workflow event and what it emits are
    /// stored as one; a refusal journals the message as rejected and answers AE/AR. Orders get
    /// their ORR^O02 and prior-result queries their RSP^K11 as the reply.
    private func apply(_ message: InboundMessage, entry: NewJournalEntry, receivedAt: Date, workflow: WorkflowService,
                       metadata: () -> Logger.Metadata) async -> Submission {
        let time = HL7Timestamp.format(epochSeconds: Int64(receivedAt.timeIntervalSince1970))
        do {
            let (outcome, result) = try await workflow.handle(.hl7(bytes: Data(message.message.encoded()), at: time), message: message.message,
                                                                    inbound: entry)
            if result?.status == .duplicate {
                // Already applied: journal the copy as any duplicate, answer AA again.
                _ = try? await store.append(entry)
                logger.info("duplicate, acknowledged again", metadata: metadata())
                return message.answer(.AA, issues: message.warnings)
            }
            if outcome.code != .AA {
                logger.warning("refused by the workflow: \(outcome.issues.map(\.logged).joined(separator: "; "))", metadata: metadata())
            } else if !outcome.warnings.isEmpty {
                logger.info("applied with \(outcome.warnings.count) workflow warning(s): \(outcome.warnings.map(\.logged).joined(separator: "; "))",
                            metadata: metadata())
            }
            // The workflow's reply is the ORR or RSP, and in original mode the very ACK owed. A warning
            // the workflow refused the message for is said once, as its error.
            let warnings = message.warnings.filter { warning in
                !outcome.issues.contains { $0.code == warning.code && $0.location == warning.location }
            }
            let header = message.message.header
            let originalMode = header.acceptAcknowledgementType.isEmpty && header.applicationAcknowledgementType.isEmpty
            if let response = outcome.response, originalMode || message.workflowKind?.response != nil {
                let answered = HL7Adapter.adding(warnings: warnings, to: response)
                return Submission(reply: answered.encoded(), code: outcome.code, issues: outcome.issues + warnings, response: answered)
            }
            return message.answer(outcome.code, issues: outcome.issues + warnings)
        } catch {
            logger.error("workflow could not store the message, rejecting: \(error)", metadata: metadata())
            let issue = HL7Issue(.applicationInternalError, at: nil, "message could not be stored; send it again later")
            return message.answer(.AR, issues: [issue])
        }
    }

    /// A query (QBP): journaled like any message, then answered from the workflow's state; it is no
    /// workflow event, so a copy re-sent with the same MSH-10 is answered again, not with a bare AA.
    private func answer(_ message: InboundMessage, entry: NewJournalEntry, receivedAt: Date, workflow: WorkflowService,
                        metadata: () -> Logger.Metadata) async -> Submission {
        do {
            let result = try await store.append(entry)
            if result.status == .duplicate { logger.info("query sent again, answered again", metadata: metadata()) }
        } catch {
            logger.error("journal write failed, rejecting: \(error)", metadata: metadata())
            let issue = HL7Issue(.applicationInternalError, at: nil, "message could not be stored; send it again later")
            return message.answer(.AR, issues: [issue])
        }
        let time = HL7Timestamp.format(epochSeconds: Int64(receivedAt.timeIntervalSince1970))
        let outcome = await workflow.answer(message.message, at: time)
        guard let response = outcome.response else { return message.answer(outcome.code, issues: outcome.issues + message.warnings) }
        let answered = HL7Adapter.adding(warnings: message.warnings, to: response)
        return Submission(reply: answered.encoded(), code: outcome.code, issues: outcome.issues + message.warnings, response: answered)
    }

    private func isAcknowledger(_ message: InboundMessage, peer: String) -> Bool {
        acknowledgers.contains { $0.matches(application: message.sendingApplication, facility: message.sendingFacility, peer: peer) }
    }

    /// An application ACK from a sender no critical-result destination answers as: when it names an
    /// open case's notification, that is logged and the sender is told (a warning in its ACK).
    private func ignoredAcknowledgement(_ message: InboundMessage, workflow: WorkflowService,
                                        metadata: () -> Logger.Metadata) async -> [HL7Issue] {
        let acknowledged = message.message["MSA-2"] ?? ""
        guard !acknowledged.isEmpty, await workflow.isOpenCriticalNotification(acknowledged) else { return [] }
        logger.warning("application ACK of critical-result notification \(acknowledged) from a sender that is not its destination: closes nothing",
                       metadata: metadata())
        return [HL7Issue(.applicationInternalError, at: nil,
                         "not accepted as an acknowledgement of \(acknowledged): the sender is not the destination it was sent to",
                         severity: .warning)]
    }

    private static func metadata(_ source: InboundSource, _ message: InboundMessage) -> Logger.Metadata {
        ["peer": "\(source.peer)", "principal": "\(source.principal)", "controlID": "\(message.controlID)", "type": "\(message.messageType)"]
    }

    private func orderingKey(_ message: InboundMessage, destination: String) -> String {
        orderings[destination] == .fifo ? "" : (message.patientKey ?? "")
    }

    func replyToFramingError(_ error: MLLPError, peer: String) async -> [UInt8]? {
        let text: String
        switch error {
        case .frameTooLarge(let limit): text = "frame longer than \(limit) bytes"
        default: text = "\(error)"
        }
        let entry = NewJournalEntry(raw: [], peer: peer, receivedAt: Date(), controlID: nil, messageType: nil,
                                    sendingApplication: nil, sendingFacility: nil, status: .rejected, error: text)
        _ = try? await store.append(entry)
        return HL7Adapter.reject(streamError: text)
    }
}
