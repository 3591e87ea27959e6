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
///
/// Reads see only durable state. An event is applied in place before its write commits, so a read
/// (`state`, the worklist, priors, …) that arrives while writes are in flight waits until none is,
/// and writes arriving meanwhile are held until the waiting reads have read: readers are preferred,
/// so a steady stream of writes cannot starve them, and a held write waits at most one group
/// commit. A failed write is rebuilt away before anyone reads. Why a gate and not a snapshot
/// published at each commit: the state is a value of large dictionaries mutated in place, and a
/// kept snapshot makes the next event copy every dictionary it writes to: O(state) per message,
/// ×14 at 1,000 patients and ×1,500 at 50,000 (`radbridge-bench state-copy`, release), while the
/// gate costs a counter on the write path.
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

    // The read gate (see the type's comment).
    /// Events applied to `processor` (or appended) whose write has not returned yet.
    private var uncommitted = 0
    /// Reads waiting for `uncommitted` to reach 0; each runs on the state as soon as it does.
    private var waitingReaders: [(WorkflowProcessor, WorklistIndex) -> Void] = []
    /// Writes that arrived while reads wait or a rebuild runs; let in once the reads have read.
    private var heldWriters: [CheckedContinuation<Void, Never>] = []
    private var rebuilding = false
    /// Identities of messages applied with AA whose write has not returned yet, with the copies
    /// of them waiting for its outcome (a duplicate only if the original commits).
    private var committing: [String: [CheckedContinuation<Void, Never>]] = [:]

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

    /// The state as committed: waits while events are in flight (see the type's comment).
    public var state: WorkflowState {
        get async { await committed { processor, _ in processor.state } }
    }

    /// Runs `read` on the committed state (in its processor) and worklist: at once when no write is
    /// in flight, else as soon as none is (new writes wait meanwhile) and a failed write has been
    /// rebuilt away.
    func committed<T: Sendable>(_ read: @escaping (WorkflowProcessor, WorklistIndex) -> T) async -> T {
        if uncommitted == 0, !needsRebuild, !rebuilding { return read(processor, worklist) }
        return await withCheckedContinuation { continuation in
            waitingReaders.append { continuation.resume(returning: read($0, $1)) }
            openGate()
        }
    }

    /// Called whenever the gate may open (a write returned, a read started waiting, a rebuild
    /// ended): with nothing in flight, answers the waiting reads, then lets the held writes in.
    private func openGate() {
        guard uncommitted == 0, !rebuilding else { return }
        if needsRebuild {
            // Held writes rebuild themselves (and throw its error, as when no one waits).
            guard !waitingReaders.isEmpty else { return releaseWriters() }
            rebuilding = true
            Task { await self.rebuildForReaders() }
            return
        }
        let readers = waitingReaders
        waitingReaders = []
        for read in readers { read(processor, worklist) }
        releaseWriters()
    }

    private func releaseWriters() {
        let writers = heldWriters
        heldWriters = []
        for writer in writers { writer.resume() }
    }

    private func rebuildForReaders() async {
        do {
            try await rebuild()
            rebuilding = false
            openGate()
        } catch {
            // The reads wait for the store to read again; the writes try themselves and throw.
            rebuilding = false
            releaseWriters()
            Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(500))
                await self?.openGate()
            }
        }
    }

    /// Waits until a write may apply: no read waiting, no rebuild due or running, and no copy of
    /// its message (`key`) in flight. Returns false when the message is a duplicate of one applied.
    private func admit(_ key: String?) async throws -> Bool {
        while true {
            if needsRebuild, uncommitted == 0, !rebuilding {
                rebuilding = true
                defer { rebuilding = false; openGate() }
                try await rebuild()
                continue
            }
            if needsRebuild || rebuilding || !waitingReaders.isEmpty {
                await withCheckedContinuation { heldWriters.append($0) }
                continue
            }
            if let key {
                if applied.contains(key) { return false }
                if committing[key] != nil {
                    await withCheckedContinuation { committing[key, default: []].append($0) }
                    continue
                }
            }
            return true
        }
    }

    /// A write returned (committed or failed): wakes the copies waiting on `key` and maybe the gate.
    private func settle(_ key: String?) {
        uncommitted -= 1
        if let key, let copies = committing.removeValue(forKey: key) {
            for copy in copies { copy.resume() }
        }
        openGate()
    }

    /// The master patient index's thresholds and domains (`workflow.mpi`).
    public var mpiConfiguration: MPIConfiguration { configuration.mpi }
    public func observe(_ observer: @escaping Observer) {
        observers.append(observer)
    }

    /// The procedure terminology with the mappings added at run time (as committed).
    public var terminology: ProcedureTerminology {
        get async { await committed { processor, _ in processor.terminology } }
    }

    /// Applies an event; when it cannot be stored, the error is thrown and the state is rebuilt
    /// from the log before the next event.
    public func handle(_ event: WorkflowEvent) async throws -> WorkflowOutcome {
        try await handle(event, message: nil, inbound: nil).outcome
    }

    /// Applies an event caused by an inbound message, journaling the message in the same durable
    /// step (its entry completed from the outcome: rejected when refused, warnings kept). A copy of
    /// a message already applied is not applied again: the result says `duplicate` and nothing is
    /// journaled (the caller journals it as it does any duplicate).
    /// `message` is the parsed form of an `.hl7` event, when the caller has it.
    public func handle(
        _ event: WorkflowEvent, message: HL7Message?, inbound: NewJournalEntry?,
    ) async throws -> (outcome: WorkflowOutcome, journal: JournalAppendResult?) {
        let key = message.map(Self.identity) ?? Self.identity(event)
        guard try await admit(key) else {
            return (WorkflowOutcome(), JournalAppendResult(id: 0, status: .duplicate, duplicateOf: nil))
        }
        // From here to the append nothing suspends. Applied in place: an event that throws has
        // changed nothing (every throwing path checks before it mutates), and a copy would
        // duplicate each dictionary the event touches.
        let outcome = try processor.apply(event, message: message)
        var entry = inbound
        entry?.complete(with: outcome)
        let sequence = nextSequence
        nextSequence += 1
        uncommitted += 1
        worklist.update(orderIDs: outcome.changedOrders, in: processor.state)
        let tracked = outcome.code == .AA ? key : nil
        if let tracked { committing[tracked] = [] }
        let result: JournalAppendResult?
        do {
            // The actor is free while this write waits for its group commit; reads wait for it.
            result = try await log.append(sequence: sequence, event, outputs: WorkflowOutput.all(of: outcome), inbound: entry)
        } catch {
            needsRebuild = true
            settle(tracked)
            throw error
        }
        if result?.status == .duplicate {
            needsRebuild = true
        } else if let tracked {
            applied.insert(tracked)
        }
        settle(tracked)
        if result?.status != .duplicate, !observers.isEmpty {
            // The committed state as it is now (later events may have committed meanwhile): observers only add.
            let observers = observers
            let work = await committed { processor, _ in observers.compactMap { $0(event, processor.state) } }
            for step in work { await step() }
        }
        return (outcome, result)
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
            // Changes no state, but counted in flight so that no rebuild reads the log meanwhile.
            uncommitted += 1
            do {
                _ = try await log.append(sequence: sequence, event, outputs: [], inbound: nil)
            } catch {
                needsRebuild = true
                settle(nil)
                throw error
            }
            settle(nil)
            return refusal
        }
    }

    /// An HL7 message: returns the response the workflow gives (ORR, RSP or ACK).
    public func handle(_ message: HL7Message, at time: String = HL7Timestamp.now()) async throws -> HL7Message? {
        try await handle(.hl7(bytes: Data(message.encoded()), at: time), message: message, inbound: nil).outcome.response
    }

    /// A query (``WorkflowMessages``) answered from the state; nothing is logged.
    public func answer(_ query: HL7Message, at time: String = HL7Timestamp.now()) async -> WorkflowOutcome {
        await committed { processor, _ in processor.answer(query, at: time) }
    }


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

    /// Whether `controlID` names a notification of a critical result still open (as committed).
    public func isOpenCriticalNotification(_ controlID: String) async -> Bool {
        await committed { processor, _ in processor.isOpenCriticalNotification(controlID) }
    }

    /// The patient's performed exams, newest first, with their reports (QBP^Q11 and the priors API), as committed.
    public func priors(of identifier: PatientIdentifier, modality: String, since: String, limit: Int) async -> [(order: Order, report: Report?)] {
        await committed { processor, _ in processor.priors(of: identifier, modality: modality, since: since, limit: limit) }
    }

    /// The committed worklist's items matching `query`.
    public func worklistItems(matching query: WorklistQuery) async -> [WorklistItem] {
        await committed { processor, worklist in worklist.find(query, in: processor.state) }
    }

    /// C-FIND on the Modality Worklist: the responses for an identifier, from the committed worklist.
    public func worklistResponses(for identifier: DataSet) async -> [DataSet] {
        await committed { processor, worklist in
            worklist.find(WorklistDICOM.query(from: identifier), in: processor.state).map { WorklistDICOM.response(for: $0, identifier: identifier) }
        }
    }

    /// A person acknowledged a critical result (`POST /api/critical-results/{id}/acknowledge`).
    public func acknowledgeCritical(id: Int, by: String, note: String) async throws {
        _ = try await handle(.criticalAcknowledged(id: id, by: by, note: note, at: HL7Timestamp.now()))
    }
}

extension WorkflowService {
    /// An outbound message as a receiver's profile expects it, with the Z-segments filled from the
    /// orders it is about; bytes that do not parse are sent as they are.
    public func render(_ payload: [UInt8], with renderer: ProfileRenderer) async -> [UInt8] {
        guard let message = try? HL7Message(bytes: payload) else { return payload }
        return await committed { processor, _ in renderer.render(message) { processor.state.profileAttributes(for: $0) }.encoded() }
    }
}
