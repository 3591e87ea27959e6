import Foundation
import DICOM
import DICOMNetwork
import HL7
import Store
import Workflow

/// The one place the workflow state lives while the engine runs. Events are applied one at a time
/// and numbered in that order; each caller is answered only once its event (with what it emitted)
/// is durable. Writes of successive events overlap, so they share the store's group commits; the
/// sequence numbers keep the replay in application order. Should a write fail, the state is
/// rebuilt from the log before the next event.
public actor WorkflowService {
    private let configuration: WorkflowConfiguration
    private let log: any WorkflowEventLog
    private var processor: WorkflowProcessor
    private var worklist: WorklistIndex
    private var nextSequence: Int64 = 1
    /// Sending application, facility and control ID of every HL7 message applied with AA: a copy
    /// of one of them is a duplicate and is not applied again.
    private var applied: Set<String> = []
    private var needsRebuild = false
    /// Instance paths handed to receptions still under way (`claimInstancePath`).
    private var claimedInstancePaths: Set<String> = []
    /// Told of each event once it is durable (e.g. the DICOM forwarder): each reads what it needs
    /// from the state synchronously and returns the work to do after, so that no copy of the state
    /// outlives the call (a kept copy would make the next in-place event copy what it touches).
    public typealias Observer = @Sendable (WorkflowEvent, WorkflowState) -> (@Sendable () async -> Void)?
    private var observers: [Observer] = []
    /// The MPPS steps between N-CREATE and N-SET, restored from the log at start (they are
    /// recorded as workflow events), at most `procedureStepCapacity` of them (`dicom.maxProcedureSteps`).
    public nonisolated let procedureSteps: ProcedureStepStore
    /// Collected by the first rebuild for `procedureSteps`, then dropped.
    private var recoveredSteps: ProcedureStepRecovery?

    /// Rebuilds the state from the log.
    public init(configuration: WorkflowConfiguration, log: any WorkflowEventLog,
                procedureStepCapacity: Int = ProcedureStepStore.defaultCapacity) async throws {
        self.configuration = configuration
        self.log = log
        procedureSteps = ProcedureStepStore(capacity: procedureStepCapacity)
        recoveredSteps = ProcedureStepRecovery(capacity: procedureStepCapacity)
        processor = WorkflowProcessor(configuration: configuration)
        worklist = WorklistIndex()
        try await rebuild()
        await recoveredSteps?.load(into: procedureSteps)
        recoveredSteps = nil
        if processor.state.controlIDKey == nil {
            // Drawn once per store and kept in its log, so that replays name messages as they were sent.
            _ = try await handle(.controlIDKeyCreated(key: ControlIDKey.random().hex))
        }
    }

    private func rebuild() async throws {
        var processor = WorkflowProcessor(configuration: configuration)
        var applied: Set<String> = []
        var last: Int64 = 0
        var steps = recoveredSteps
        for (sequence, event) in try await log.events() {
            steps?.add(event)
            let outcome = try? processor.apply(event)
            if outcome?.code == .AA, let key = Self.identity(event) { applied.insert(key) }
            last = max(last, sequence)
        }
        self.processor = processor
        self.applied = applied
        recoveredSteps = steps
        worklist = WorklistIndex(state: processor.state)
        nextSequence = last + 1
        needsRebuild = false
    }

    public var state: WorkflowState { processor.state }

    /// The master patient index's thresholds and domains (`workflow.mpi`).
    public var mpiConfiguration: MPIConfiguration { configuration.mpi }
    public func observe(_ observer: @escaping Observer) {
        observers.append(observer)
    }

    /// The procedure terminology with the mappings added at run time.
    public var terminology: ProcedureTerminology { processor.terminology }

    /// Applies an event; when it cannot be stored, the error is thrown and the state is rebuilt
    /// from the log before the next event.
    public func handle(_ event: WorkflowEvent) async throws -> WorkflowOutcome {
        try await handle(event, message: nil, inbound: nil).outcome
    }

    /// Applies an event caused by an inbound message, journaling the message in the same durable
    /// step (`prepare` completes its entry from the outcome, e.g. rejected when refused). A copy of
    /// a message already applied is not applied again: the result says `duplicate` and nothing is
    /// journaled (the caller journals it as it does any duplicate).
    /// `message` is the parsed form of an `.hl7` event, when the caller has it.
    public func handle(
        _ event: WorkflowEvent, message: HL7Message?, inbound: NewJournalEntry?,
        prepare: (inout NewJournalEntry, WorkflowOutcome) -> Void = { _, _ in }
    ) async throws -> (outcome: WorkflowOutcome, journal: JournalAppendResult?) {
        if needsRebuild { try await rebuild() }
        let key = message.map(Self.identity) ?? Self.identity(event)
        if let key, applied.contains(key) {
            return (WorkflowOutcome(), JournalAppendResult(id: 0, status: .duplicate, duplicateOf: nil))
        }
        // Applied in place: an event that throws has changed nothing (every throwing path checks
        // before it mutates), and a copy would duplicate each dictionary the event touches.
        let outcome = try processor.apply(event, message: message)
        var entry = inbound
        if entry != nil { prepare(&entry!, outcome) }
        let sequence = nextSequence
        nextSequence += 1
        worklist.update(orderIDs: outcome.changedOrders, in: processor.state)
        if outcome.code == .AA, let key { applied.insert(key) }
        do {
            // The actor is free while this write waits for its group commit.
            let result = try await log.append(sequence: sequence, event, outputs: WorkflowOutput.all(of: outcome), inbound: entry)
            if result?.status == .duplicate {
                needsRebuild = true
            } else if !observers.isEmpty {
                // The state as it is now (later events may have applied meanwhile): observers only add.
                let work = observers.compactMap { $0(event, processor.state) }
                for step in work { await step() }
            }
            return (outcome, result)
        } catch {
            needsRebuild = true
            throw error
        }
    }

    /// An MPPS N-CREATE or N-SET. It is stored even when the workflow refuses it (an unscheduled
    /// procedure, a step the order cannot take: returned, not thrown), so that the step survives a
    /// restart; the replay refuses it again. Throws only when it could not be stored.
    public func recordProcedureStep(_ step: ProcedureStepEvent, at time: String = HL7Timestamp.now()) async throws -> WorkflowEventError? {
        let event = WorkflowEvent.procedureStep(step, at: time)
        do {
            _ = try await handle(event)
            return nil
        } catch let refusal as WorkflowEventError {
            let sequence = nextSequence
            nextSequence += 1
            do {
                _ = try await log.append(sequence: sequence, event, outputs: [], inbound: nil)
            } catch {
                needsRebuild = true
                throw error
            }
            return refusal
        }
    }

    /// An HL7 message: returns the response the workflow gives (ORR, RSP or ACK).
    public func handle(_ message: HL7Message, at time: String = HL7Timestamp.now()) async throws -> HL7Message? {
        try await handle(.hl7(bytes: Data(message.encoded()), at: time), message: message, inbound: nil).outcome.response
    }

    /// A query (``WorkflowMessages``) answered from the state; nothing is logged.
    public func answer(_ query: HL7Message, at time: String = HL7Timestamp.now()) async -> WorkflowOutcome {
        if needsRebuild { try? await rebuild() }
        return processor.answer(query, at: time)
    }

    /// Message types the workflow applies.
    public static func applies(_ header: HL7Header) -> Bool { WorkflowMessages.kind(of: header) != nil }

    /// `MSH-3|MSH-4|MSH-10` of an HL7 event.
    static func identity(_ event: WorkflowEvent) -> String? {
        guard case .hl7(let bytes, _) = event, let message = try? HL7Message(bytes: Array(bytes)) else { return nil }
        return identity(message)
    }

    static func identity(_ message: HL7Message) -> String? {
        let h = message.header
        guard !h.controlID.isEmpty else { return nil }
        return h.sendingApplication + "|" + h.sendingFacility + "|" + h.controlID
    }

    /// Runs the escalation check; an event is stored only when a case actually escalates.
    public func checkEscalations(at time: String = HL7Timestamp.now()) async throws {
        var probe = processor
        guard !probe.escalateOverdueCriticalResults(at: time).isEmpty else { return }
        _ = try await handle(.escalationCheck(at: time))
    }

    /// Where a received instance is to be written: its UID path when it would be filed and no filed,
    /// held or arriving instance has that path, else a path of its own in the quarantine area. The
    /// decision is made again when the instance's event applies; whatever it is, this path is this
    /// reception's alone, so a file that a filed instance refers to is never written over.
    public func claimInstancePath(for instance: ReceivedInstance) -> String {
        let state = processor.state
        let uidPath = InstanceReception.relativePath(of: instance)
        if InstanceReception.hasOwnUIDPath(instance), state.match(instance) == .notFiled,
           case .linked = StudyLinker(state: state).decide(instance),
           !claimedInstancePaths.contains(uidPath), !state.isHeldInstancePath(uidPath) {
            claimedInstancePaths.insert(uidPath)
            return uidPath
        }
        return InstanceReception.quarantinePath()
    }

    /// The reception that claimed `path` is over (filed, held, discarded or failed).
    public func releaseInstancePath(_ path: String) {
        claimedInstancePaths.remove(path)
    }

    /// The receiver accepted a message we delivered, answering `code` on the delivery connection: CA
    /// accepts a critical-result notification, AA (the application acknowledgement) closes its case.
    public func deliveryAccepted(controlID: String, by receiver: String, code: String = "CA") async {
        if code == "AA", processor.isOpenCriticalNotification(controlID) {
            _ = try? await handle(.criticalNotificationAcknowledged(controlID: controlID, by: receiver, at: HL7Timestamp.now()))
            return
        }
        guard processor.state.criticalResults.values.contains(where: { $0.notificationControlIDs.last == controlID && $0.state.isOpen }) else { return }
        _ = try? await handle(.criticalNotificationAccepted(controlID: controlID, by: receiver, at: HL7Timestamp.now()))
    }

    /// Whether `controlID` names a notification of a critical result still open.
    public func isOpenCriticalNotification(_ controlID: String) -> Bool {
        processor.isOpenCriticalNotification(controlID)
    }

    /// The patient's performed exams, newest first, with their reports (QBP^Q11 and the priors API).
    public func priors(of identifier: PatientIdentifier, modality: String, since: String, limit: Int) -> [(order: Order, report: Report?)] {
        processor.priors(of: identifier, modality: modality, since: since, limit: limit)
    }

    public func worklistItems(matching query: WorklistQuery) -> [WorklistItem] { worklist.find(query, in: processor.state) }

    /// C-FIND on the Modality Worklist: the responses for an identifier.
    public func worklistResponses(for identifier: DataSet) -> [DataSet] {
        worklist.find(WorklistDICOM.query(from: identifier), in: processor.state).map { WorklistDICOM.response(for: $0, identifier: identifier) }
    }

    /// A person acknowledged a critical result (`POST /api/critical-results/{id}/acknowledge`).
    public func acknowledgeCritical(id: Int, by: String, note: String) async throws {
        _ = try await handle(.criticalAcknowledged(id: id, by: by, note: note, at: HL7Timestamp.now()))
    }
}

extension WorkflowService {
    /// An outbound message as a receiver's profile expects it, with the Z-segments filled from the
    /// orders it is about; bytes that do not parse are sent as they are.
    public func render(_ payload: [UInt8], with renderer: ProfileRenderer) -> [UInt8] {
        guard let message = try? HL7Message(bytes: payload) else { return payload }
        let state = processor.state
        return renderer.render(message) { state.profileAttributes(for: $0) }.encoded()
    }
}
