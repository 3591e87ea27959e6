import DICOM

/// Holds Modality Performed Procedure Step instances between N-CREATE and N-SET. Only steps in
/// progress keep their attributes, at most `capacity` of them (the oldest is evicted first: a step a
/// modality abandoned must not hold memory forever). A completed or discontinued step keeps only
/// its final status, among the `capacity` most recent, to refuse a later N-SET or N-CREATE of it.
public actor ProcedureStepStore {
    public static let defaultCapacity = 10_000

    public let capacity: Int
    /// Steps in progress by SOP Instance UID.
    public private(set) var instances: [String: DataSet] = [:]
    private var openOrder = BoundedOrder()
    private var finished: [String: String] = [:]
    private var finishedOrder = BoundedOrder()

    /// `open`: steps in progress, oldest first; `finished`: final statuses of ended steps, oldest first.
    public init(capacity: Int = defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// Adds steps recorded before a restart. `open`: steps in progress, oldest first; `finished`:
    /// final statuses of ended steps, oldest first.
    public func load(open: [(uid: String, attributes: DataSet)], finished: [(uid: String, status: String)]) {
        for (uid, status) in finished { remember(uid, finalStatus: status) }
        for (uid, attributes) in open { keep(uid, attributes) }
    }

    func create(_ uid: String, _ attributes: DataSet) throws {
        guard instances[uid] == nil, finished[uid] == nil else {
            throw DIMSEServiceError(status: .duplicateSOPInstance, comment: "instance exists")
        }
        keep(uid, attributes)
    }

    /// Returns the step after the change and the step before it (for `restore`).
    func update(_ uid: String, _ changes: DataSet) throws -> (updated: DataSet, previous: DataSet) {
        if let status = finished[uid] {
            // PS3.4 §F.7.2.2: a completed or discontinued step may no longer be changed.
            throw DIMSEServiceError(status: .processingFailure, comment: "procedure step is \(status)")
        }
        guard let previous = instances[uid] else { throw DIMSEServiceError(status: .noSuchSOPInstance, comment: "no such instance") }
        var current = previous
        for element in changes.elements { current[element.tag] = element }
        let status = current.string(ProcedureStepService.performedProcedureStepStatus) ?? ""
        if Self.isFinal(status) {
            instances[uid] = nil
            remember(uid, finalStatus: status)
        } else {
            instances[uid] = current
        }
        return (current, previous)
    }

    /// Undoes a create (`previous` nil) or an update whose change could not be recorded.
    func restore(_ uid: String, previous: DataSet?) {
        finished[uid] = nil
        instances[uid] = previous
    }

    /// A step in progress.
    public func instance(_ uid: String) -> DataSet? { instances[uid] }

    /// The step's status: in progress, or its final one while it is remembered.
    public func status(of uid: String) -> String? {
        finished[uid] ?? instances[uid]?.string(ProcedureStepService.performedProcedureStepStatus)
    }

    static func isFinal(_ status: String) -> Bool { status == "COMPLETED" || status == "DISCONTINUED" }

    private func keep(_ uid: String, _ attributes: DataSet) {
        instances[uid] = attributes
        openOrder.append(uid)
        if openOrder.count > 2 * capacity { openOrder.retain { instances[$0] != nil } }
        while instances.count > capacity, let oldest = openOrder.popOldest() { instances[oldest] = nil }
    }

    private func remember(_ uid: String, finalStatus: String) {
        finished[uid] = finalStatus
        finishedOrder.append(uid)
        if finishedOrder.count > 2 * capacity { finishedOrder.retain { finished[$0] != nil } }
        while finished.count > capacity, let oldest = finishedOrder.popOldest() { finished[oldest] = nil }
    }
}

/// Keys in insertion order, oldest out first (a key removed from its dictionary meanwhile is
/// popped too, harmlessly, or dropped by `retain`).
struct BoundedOrder {
    private var keys: [String] = []
    private var start = 0

    var count: Int { keys.count - start }

    mutating func retain(_ isLive: (String) -> Bool) {
        keys = keys[start...].filter(isLive)
        start = 0
    }

    mutating func append(_ key: String) {
        keys.append(key)
    }

    mutating func popOldest() -> String? {
        guard start < keys.count else { return nil }
        let key = keys[start]
        start += 1
        if start > 1024, start * 2 > keys.count {
            keys.removeFirst(start)
            start = 0
        }
        return key
    }
}
