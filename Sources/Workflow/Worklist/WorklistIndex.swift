/// The worklist, indexed so that the common queries (one patient, one accession, one station,
/// a modality on a day) touch only their candidates, whatever the number of entries.
public struct WorklistIndex: Sendable {
    private var items: [Int: [WorklistItem]] = [:]
    private var byPatientID: [String: Set<Int>] = [:]
    private var byAccession: [String: Set<Int>] = [:]
    private var byStation: [String: Set<Int>] = [:]
    /// Per modality (and under "" for all), entries sorted by start date for range queries.
    private var byModalityDate: [String: DateOrderedIDs] = [:]

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
            byModalityDate[item.step.modality, default: DateOrderedIDs()].insert(item.step.startDate, order.id)
            byModalityDate["", default: DateOrderedIDs()].insert(item.step.startDate, order.id)
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
            byModalityDate[item.step.modality]?.remove(item.step.startDate, orderID)
            byModalityDate[""]?.remove(item.step.startDate, orderID)
        }
    }

    /// The matching entries, ordered by start time then accession.
    public func find(_ query: WorklistQuery) -> [WorklistItem] {
        var seen = Set<Int>()
        return candidates(for: query).filter { seen.insert($0).inserted }.flatMap { items[$0] ?? [] }.filter(query.matches)
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
        if let station = exact(q.stationAETitle) { return Array(byStation[station] ?? []) }
        if let date = exact(q.startDate) {
            return byModalityDate[exact(q.modality) ?? ""]?.ids(inDateRange: date) ?? []
        }
        if let modality = exact(q.modality) { return byModalityDate[modality]?.ids(inDateRange: "-") ?? [] }
        return Array(items.keys)
    }
}

/// (date, order ID) pairs kept sorted, so a date range is found by binary search.
struct DateOrderedIDs: Sendable {
    private var keys: [(date: String, id: Int)] = []

    private func lowerBound(_ date: String, _ id: Int) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if (keys[mid].date, keys[mid].id) < (date, id) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    mutating func insert(_ date: String, _ id: Int) {
        let at = lowerBound(date, id)
        if at < keys.count, keys[at] == (date, id) { return }
        keys.insert((date, id), at: at)
    }

    mutating func remove(_ date: String, _ id: Int) {
        let at = lowerBound(date, id)
        if at < keys.count, keys[at] == (date, id) { keys.remove(at: at) }
    }

    /// IDs whose date falls in a DICOM DA range (`A-B`, `A-`, `-B`, or one date).
    func ids(inDateRange range: String) -> [Int] {
        let parts = range.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let low = parts[0], high = parts.count == 2 ? parts[1] : parts[0]
        var out: [Int] = []
        var i = low.isEmpty ? 0 : lowerBound(low, Int.min)
        while i < keys.count, high.isEmpty || keys[i].date <= high {
            out.append(keys[i].id)
            i += 1
        }
        return out
    }
}
