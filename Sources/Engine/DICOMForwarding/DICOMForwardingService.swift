import DICOM
import DICOMNetwork
import Foundation
import HL7
import Logging
import Store
import Workflow

/// Forwards instances the workflow filed with their orders to the DICOM destinations the
/// `dicomRoutes` pick. Queueing happens when the workflow files an instance (any reception path,
/// or a release from quarantine); at start every filed instance is queued again, which adds only
/// what a crash lost, since the outbox holds one row per (destination, SOP instance).
/// After a patient update, instances already sent with other headers are queued again.
public actor DICOMForwardingService {
    private let configuration: EngineConfiguration
    private let store: any DICOMOutboxStore
    private let instances: URL?
    private let logger: Logger
    private var workflow: WorkflowService?
    private let signals: [String: DICOMLaneSignal]

    public init(configuration: EngineConfiguration, store: any DICOMOutboxStore, instances: URL?,
                logger: Logger = Logger(label: "radbridge.dicom-forward")) {
        self.configuration = configuration
        self.store = store
        self.instances = instances
        self.logger = logger
        signals = configuration.dicomDestinations.mapValues { _ in DICOMLaneSignal() }
    }

    var isEnabled: Bool { !configuration.dicomRoutes.isEmpty && instances != nil }

    /// Connects to the workflow: queues what it files from now on, and what it filed before.
    public func attach(_ workflow: WorkflowService) async {
        self.workflow = workflow
        guard isEnabled else { return }
        await workflow.observe { [weak self] event, state in self?.plan(event, state: state) }
        let state = await workflow.state
        await queue(state.studies.values.flatMap { study in study.instances.values.map { (study.studyInstanceUID, $0) } })
        await reconcileHeaders(state)
    }

    /// Runs one sending loop per destination until cancelled.
    public func run() async {
        guard isEnabled, let instances else { return }
        let workflow = self.workflow
        await withDiscardingTaskGroup { group in
            for (name, destination) in configuration.dicomDestinations {
                guard let signal = signals[name] else { continue }
                let lane = DICOMDestinationLane(
                    name: name, destination: destination, callingAETitle: configuration.dicom.aeTitle, store: store,
                    instances: instances, signal: signal, headers: { await workflow?.dicomHeaders(studies: $0) ?? [:] },
                    logger: logger)
                group.addTask { await lane.run() }
            }
        }
    }

    /// Rouses every sleeping lane (at shutdown, so that it sees it).
    public func wakeAll() async {
        for signal in signals.values { await signal.wake() }
    }

    /// Receives the storage commitment reports of destinations with `storageCommitment: true`.
    public nonisolated var commitmentService: StorageCommitmentService {
        StorageCommitmentService { [weak self] report in await self?.record(report) }
    }

    private func record(_ report: StorageCommitmentService.Report) async {
        for (name, destination) in configuration.dicomDestinations where destination.aet == report.callingAETitle {
            do {
                try await store.recordDICOMCommitment(destination: name, committed: report.committed, failed: report.failed)
            } catch {
                logger.error("DICOM outbox \(name): storage commitment not recorded: \(error)")
            }
        }
    }

    /// Runs inside the workflow actor: reads what an event filed or changed; the returned work queues it.
    nonisolated func plan(_ event: WorkflowEvent, state: WorkflowState) -> (@Sendable () async -> Void)? {
        switch event {
        case .instanceReceived(let instance, let path, _):
            // Only when this event filed it: a duplicate or a quarantined copy of a filed instance is not sent.
            guard let filed = state.studies[instance.studyInstanceUID]?.instances[instance.sopInstanceUID],
                  filed.path == path else { return nil }
            let study = instance.studyInstanceUID
            return { [weak self] in await self?.queue([(study, filed)]) }
        case .quarantineReleased(let id, _, _, _, _):
            guard let held = state.heldInstances[id], held.status == .released,
                  let (uid, filed) = state.filedInstance(sopInstanceUID: held.instance.sopInstanceUID),
                  filed.path == held.path else { return nil }
            return { [weak self] in await self?.queue([(uid, filed)]) }
        case .hl7(let bytes, _):
            // Patient updates and merges (ADT) change what the patient's sent studies must carry.
            guard bytes.prefix(while: { $0 != 13 && $0 != 10 }).range(of: Data("|ADT^".utf8)) != nil,
                  let message = try? HL7Message(bytes: Array(bytes)) else { return nil }
            let identifiers = Set([message["PID-3.1"], message["MRG-1.1"]].compactMap { $0 }.filter { !$0.isEmpty })
            let current = Self.fingerprints(of: Self.studies(of: identifiers, in: state), in: state)
            guard !current.isEmpty else { return nil }
            return { [weak self] in await self?.requeue(current) }
        default:
            return nil
        }
    }

    static func fingerprints(of studies: [String], in state: WorkflowState) -> [String: String] {
        var current: [String: String] = [:]
        for study in studies { current[study] = DICOMHeaderCoercion(studyInstanceUID: study, state: state)?.fingerprint }
        return current
    }

    private func queue(_ filed: [(study: String, instance: StudyRecord.Instance)]) async {
        var items: [NewDICOMOutboxItem] = []
        for (study, instance) in filed {
            for name in configuration.dicomDestinations(modality: instance.modality, callingAET: instance.callingAETitle,
                                                       sopClass: instance.sopClassUID) {
                items.append(NewDICOMOutboxItem(destination: name, sopInstanceUID: instance.sopInstanceUID,
                                                studyInstanceUID: study, path: instance.path))
            }
        }
        guard !items.isEmpty else { return }
        do {
            if try await store.enqueueDICOM(items) > 0 {
                for name in Set(items.map(\.destination)) { await signals[name]?.wake() }
            }
        } catch {
            // Queued again at the next start.
            logger.error("DICOM outbox: could not queue \(items.count) instance(s): \(error)")
        }
    }

    /// The received studies of the patients (as they are now, after merges) with these identifiers.
    static func studies(of identifiers: Set<String>, in state: WorkflowState) -> [String] {
        let patients = state.patients.patients.values.filter { $0.identifiers.contains { identifiers.contains($0.id) } }
            .compactMap { state.patients.resolve(patientID: $0.id) }
        let orders = Set(patients.flatMap { state.orders(of: $0).map(\.id) })
        return state.studies.values.filter { orders.contains($0.orderID) }.map(\.studyInstanceUID)
    }

    /// At start: every study sent with headers other than the ones its order carries now goes again.
    private func reconcileHeaders(_ state: WorkflowState) async {
        do {
            let sent = try await store.dicomSentStudies().map(\.studyInstanceUID)
            await requeue(Self.fingerprints(of: Array(Set(sent)), in: state))
        } catch {
            logger.error("DICOM outbox: patient reconciliation failed: \(error)")
        }
    }

    /// Queues again the instances of each study sent with other headers than `current[study]`.
    private func requeue(_ current: [String: String]) async {
        do {
            for (study, fingerprint) in current {
                let touched = try await store.requeueDICOM(studyInstanceUID: study, unlessHeaders: fingerprint,
                                                           reason: "patient information changed since it was sent")
                for name in touched { await signals[name]?.wake() }
            }
        } catch {
            logger.error("DICOM outbox: patient reconciliation failed: \(error)")
        }
    }
}

extension WorkflowService {
    /// What the instances of these studies must carry now, computed inside the actor (no state copy kept).
    func dicomHeaders(studies: Set<String>) async -> [String: DICOMHeaderCoercion] {
        await committed { processor, _ in
            var headers: [String: DICOMHeaderCoercion] = [:]
            for study in studies { headers[study] = DICOMHeaderCoercion(studyInstanceUID: study, state: processor.state) }
            return headers
        }
    }
}
