/// The safety rule between images and orders: an instance is filed with an order only when its
/// patient ID and accession agree with that order; anything else goes to quarantine.
public struct StudyLinker: Sendable {
    public let state: WorkflowState

    public init(state: WorkflowState) { self.state = state }

    public func decide(_ instance: ReceivedInstance) -> StudyLinkDecision {
        let byUID = instance.studyInstanceUID.isEmpty ? nil : state.order(studyInstanceUID: instance.studyInstanceUID)
        let byAccession = instance.accessionNumber.isEmpty ? nil : state.order(accession: instance.accessionNumber)
        if let a = byUID, let b = byAccession, a.id != b.id {
            return .quarantined(reason: "study UID \(instance.studyInstanceUID) belongs to order \(a.accessionNumber) but the accession is \(instance.accessionNumber)")
        }
        guard let order = byUID ?? byAccession else {
            return .quarantined(reason: "no order has accession '\(instance.accessionNumber)' or study UID '\(instance.studyInstanceUID)'")
        }
        if instance.accessionNumber.isEmpty {
            return .quarantined(reason: "the instance carries no accession number (order \(order.accessionNumber) matched by study UID only)")
        }
        guard let patient = state.patient(of: order) else {
            return .quarantined(reason: "order \(order.accessionNumber) has no patient")
        }
        // Any identifier of the patient, including those retired by a merge, is the same person.
        let known = state.patients.records(resolvingTo: patient.id).flatMap { state.patients.patients[$0]?.identifiers ?? [] }
        let matches = known.contains { id in
            id.id == instance.patientID && (instance.issuerOfPatientID.isEmpty || id.issuer.isEmpty || id.issuer == instance.issuerOfPatientID)
        }
        guard matches else {
            return .quarantined(reason: "patient ID '\(instance.patientID)' does not match order \(order.accessionNumber) (patient \(patient.primaryIdentifier?.description ?? "?"))")
        }
        var notes: [String] = []
        if byUID == nil, !instance.studyInstanceUID.isEmpty {
            notes.append("study UID \(instance.studyInstanceUID) differs from the order's \(order.studyInstanceUID)")
        }
        return .linked(orderID: order.id, notes: notes)
    }
}
