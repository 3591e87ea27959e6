import DICOM
import DICOMNetwork
import Workflow

/// The MPPS steps the workflow events recorded, collected while the state is rebuilt so that a
/// restart keeps them: the steps still in progress (with what the workflow reads of them) and the
/// final status of ended ones, the `capacity` most recent of each.
struct ProcedureStepRecovery: Sendable {
    let capacity: Int
    private var open: [String: (order: Int, event: ProcedureStepEvent)] = [:]
    private var finished: [String: (order: Int, status: String)] = [:]
    private var count = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func add(_ event: WorkflowEvent) {
        guard case .procedureStep(let text, let uid, let study, let accession, let step, _, _) = event,
              let status = ProcedureStepEvent.Status(rawValue: text) else { return }
        count += 1
        switch status {
        case .inProgress:
            guard open[uid] == nil, finished[uid] == nil else { return }
            open[uid] = (count, ProcedureStepEvent(status: status, performedStepUID: uid, studyInstanceUID: study,
                                                   accessionNumber: accession, scheduledStepID: step))
            if open.count > 2 * capacity { open = Self.newest(open, capacity) { $0.order } }
        case .completed, .discontinued:
            open[uid] = nil
            finished[uid] = (count, text)
            if finished.count > 2 * capacity { finished = Self.newest(finished, capacity) { $0.order } }
        }
    }

    /// Puts the steps into the MPPS store, as they were before the restart.
    func load(into store: ProcedureStepStore) async {
        let open = open.sorted { $0.value.order < $1.value.order }.map { ($0.key, Self.attributes(of: $0.value.event)) }
        let finished = finished.sorted { $0.value.order < $1.value.order }.map { ($0.key, $0.value.status) }
        await store.load(open: open, finished: finished)
    }

    /// What `ProcedureStepAttributes.event` reads back: the status and the scheduled step it performs.
    static func attributes(of event: ProcedureStepEvent) -> DataSet {
        var scheduled = DataSet()
        scheduled.set(.studyInstanceUID, .UI, event.studyInstanceUID)
        scheduled.set(.accessionNumber, .SH, event.accessionNumber)
        scheduled.set(ProcedureStepAttributes.scheduledStepID, .SH, event.scheduledStepID)
        var attributes = DataSet()
        attributes.set(ProcedureStepAttributes.status, .CS, event.status.rawValue)
        attributes.set(ProcedureStepAttributes.scheduledStepAttributes, items: [scheduled])
        return attributes
    }

    private static func newest<V>(_ entries: [String: V], _ capacity: Int, order: (V) -> Int) -> [String: V] {
        Dictionary(uniqueKeysWithValues: entries.sorted { order($0.value) > order($1.value) }.prefix(capacity).map { ($0.key, $0.value) })
    }
}
