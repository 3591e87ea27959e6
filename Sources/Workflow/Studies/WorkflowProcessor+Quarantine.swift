/// A quarantined instance and what an operator decided about it.
public struct HeldInstance: Sendable, Codable {
    public enum Status: String, Sendable, Codable { case held, released, rejected }

    /// As received (the stored file keeps these values until it is forwarded).
    public let instance: ReceivedInstance
    public let path: String
    public internal(set) var status: Status = .held
    public internal(set) var decidedBy: String?
    public internal(set) var decidedAt: String?
    /// Why it was rejected, or the identifiers it was released with.
    public internal(set) var note: String?
}

extension WorkflowProcessor {
    /// Files a quarantined instance with the order its corrected identifiers name. The stored file is
    /// left as received: the forwarder coerces its headers to the order's values at send time.
    mutating func releaseQuarantined(id: Int, patientID: String, accessionNumber: String, by: String, at time: String) throws(WorkflowEventError) {
        let held = try heldForDecision(id)
        // Stricter than reception: the operator's accession must name an order.
        guard state.order(accession: accessionNumber) != nil else {
            throw WorkflowEventError(description: "no order has accession '\(accessionNumber)'")
        }
        // One SOP Instance UID is one instance: a copy of a filed one is never filed over it.
        if let (study, _) = state.filedInstance(sopInstanceUID: held.instance.sopInstanceUID) {
            throw WorkflowEventError(description: "SOP instance \(held.instance.sopInstanceUID) is already filed in study \(study); reject this copy")
        }
        var corrected = held.instance
        corrected.patientID = patientID
        corrected.accessionNumber = accessionNumber
        switch StudyLinker(state: state).decide(corrected) {
        case .quarantined(let reason):
            throw WorkflowEventError(description: "the corrected identifiers do not match an order: \(reason)")
        case .linked(let orderID, let notes):
            state.file(corrected, path: held.path, orderID: orderID,
                       notes: notes + ["instance \(corrected.sopInstanceUID) released from quarantine by \(by)"])
        }
        state.heldInstances[id]?.status = .released
        state.heldInstances[id]?.decidedBy = by
        state.heldInstances[id]?.decidedAt = time
        state.heldInstances[id]?.note = "patient \(patientID), accession \(accessionNumber)"
    }

    mutating func rejectQuarantined(id: Int, by: String, reason: String, at time: String) throws(WorkflowEventError) {
        _ = try heldForDecision(id)
        state.heldInstances[id]?.status = .rejected
        state.heldInstances[id]?.decidedBy = by
        state.heldInstances[id]?.decidedAt = time
        state.heldInstances[id]?.note = reason
    }

    private func heldForDecision(_ id: Int) throws(WorkflowEventError) -> HeldInstance {
        guard let held = state.heldInstances[id] else {
            throw WorkflowEventError(description: "quarantine entry \(id) is not a held instance")
        }
        guard held.status == .held else {
            throw WorkflowEventError(description: "quarantine entry \(id) was already \(held.status.rawValue)")
        }
        return held
    }
}
