import DICOM
import DICOMNetwork
import Foundation
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
        await workflow.observe { [weak self] event, state in await self?.observe(event, state: state) }
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
                    instances: instances, signal: signal, state: { await workflow?.state }, logger: logger)
                group.addTask { await lane.run() }
            }
        }
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

    func observe(_ event: WorkflowEvent, state: WorkflowState) async {
        switch event {
        case .instanceReceived(let instance, _, _):
            if let filed = state.studies[instance.studyInstanceUID]?.instances[instance.sopInstanceUID] {
                await queue([(instance.studyInstanceUID, filed)])
            }
        case .quarantineReleased(let id, _, _, _, _):
            guard let sop = state.heldInstances[id]?.instance.sopInstanceUID,
                  let study = state.studies.values.first(where: { $0.instances[sop] != nil }),
                  let filed = study.instances[sop] else { return }
            await queue([(study.studyInstanceUID, filed)])
        case .hl7(let bytes, _):
            // Patient updates and merges (ADT) change what sent studies must carry.
            if bytes.prefix(64).range(of: Data("|ADT^".utf8)) != nil { await reconcileHeaders(state) }
        default:
            break
        }
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

    /// Queues again the instances sent with headers other than the ones their order carries now.
    private func reconcileHeaders(_ state: WorkflowState) async {
        do {
            for (study, sent) in try await store.dicomSentStudies() {
                guard let current = DICOMHeaderCoercion(studyInstanceUID: study, state: state), current.fingerprint != sent else { continue }
                let touched = try await store.requeueDICOM(studyInstanceUID: study, unlessHeaders: current.fingerprint,
                                                           reason: "patient information changed since it was sent")
                for name in touched { await signals[name]?.wake() }
            }
        } catch {
            logger.error("DICOM outbox: patient reconciliation failed: \(error)")
        }
    }
}
