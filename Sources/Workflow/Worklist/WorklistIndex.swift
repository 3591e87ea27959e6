/// The worklist, indexed so that the common queries (one patient, one accession, one station,
/// a modality on a day) touch only their candidates, whatever the number of entries.
public struct WorklistIndex: Sendable {
    private var items: [Int: [WorklistItem]] = [:]
    private var byPatientID: [String: Set<Int>] = [:]
    private var byAccession: [String: Set<Int>] = [:]
    private var byStation: [String: Set<Int>] = [:]
    private var byModalityDate: [String: Set<Int>] = [:]

    public init() {}

    public init(state: WorkflowState) {
        for order in state.orders.values { update(order, in: state) }
    }

    public var count: Int { items.values.reduce(0) { $0 + $1.count } }

    /// Re-derives an order's entries (after any change to the order or its patient).
    public mutating func update(_ order: Order, in state: WorkflowState) {
        remove(orderID: order.id)
        guard let patient = state.patient(of: order) else { return }
        let entries = WorklistItem.items(for: order, patient: patient)
        guard !entries.isEmpty else { return }
        items[order.id] = entries
        for item in entries {
            byPatientID[item.patientID, default: []].insert(order.id)
            byAccession[item.accessionNumber, default: []].insert(order.id)
            byStation[item.step.stationAETitle, default: []].insert(order.id)
            byModalityDate[item.step.modality + "|" + item.step.startDate, default: []].insert(order.id)
        }
    }

    public mutating func update(orderIDs: some Sequence<Int>, in state: WorkflowState) {
        for id in orderIDs {
            if let order = state.orders[id] { update(order, in: state) } else { remove(orderID: id) }
        }
    }

    private mutating func remove(orderID: Int) {
        guard let old = items.removeValue(forKey: orderID) else { return }
        for item in old {
            byPatientID[item.patientID]?.remove(orderID)
            byAccession[item.accessionNumber]?.remove(orderID)
            byStation[item.step.stationAETitle]?.remove(orderID)
            byModalityDate[item.step.modality + "|" + item.step.startDate]?.remove(orderID)
        }
    }

    /// The matching entries, ordered by start time then accession.
    public func find(_ query: WorklistQuery) -> [WorklistItem] {
        candidates(for: query).flatMap { items[$0] ?? [] }.filter(query.matches)
            .sorted { ($0.step.startDateTime, $0.accessionNumber, $0.step.id) < ($1.step.startDateTime, $1.accessionNumber, $1.step.id) }
    }

    /// The smallest index that answers a key given as a single value (no wildcard, no range).
    private func candidates(for q: WorklistQuery) -> [Int] {
        func exact(_ key: String?) -> String? {
            guard let key, !key.isEmpty, !key.contains("*"), !key.contains("?"), !key.contains("\\") else { return nil }
            return key
        }
        if let id = exact(q.patientID) { return Array(byPatientID[id] ?? []) }
        if let accession = exact(q.accessionNumber) { return Array(byAccession[accession] ?? []) }
        if let modality = exact(q.modality), let date = exact(q.startDate), !date.contains("-") {
            return Array(byModalityDate[modality + "|" + date] ?? [])
        }
        if let station = exact(q.stationAETitle) { return Array(byStation[station] ?? []) }
        return Array(items.keys)
    }
}
