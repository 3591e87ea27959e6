/// The master patient index: one record per person, found by any of their identifiers, with merges
/// that redirect a retired identifier to the surviving record everywhere it is looked up.
public struct PatientIndex: Sendable {
    public private(set) var patients: [Int: Patient] = [:]
    private var byIdentifier: [PatientIdentifier: Int] = [:]
    private var nextID = 1
    /// Every merge, in order (the journal of identity changes).
    public private(set) var merges: [MergeRecord] = []

    public init() {}

    public struct MergeRecord: Sendable, Codable {
        public let prior: PatientIdentifier
        public let priorPatient: Int
        public let survivor: Int
        public let cause: String
    }

    public enum MergeError: Error, Sendable, Equatable {
        /// The prior identifier already resolves to the survivor through an earlier merge.
        case alreadyMerged
        /// The prior identifier is one of the survivor's own.
        case sameRecord
    }

    /// The record an identifier belongs to, following merges to the survivor.
    public func resolve(_ identifier: PatientIdentifier) -> Patient? {
        byIdentifier[identifier].flatMap { resolve(patientID: $0) }
    }

    public func resolve(patientID: Int) -> Patient? {
        var id = patientID
        var hops = 0
        while let patient = patients[id] {
            guard let next = patient.mergedInto, hops < 64 else { return patient }
            id = next
            hops += 1
        }
        return nil
    }

    /// The record itself and every record merged into it, directly or through other merges.
    public func records(resolvingTo id: Int) -> [Int] {
        var found = [id]
        var frontier = [id]
        while let next = frontier.popLast() {
            for merge in merges where merge.survivor == next && !found.contains(merge.priorPatient) {
                found.append(merge.priorPatient)
                frontier.append(merge.priorPatient)
            }
        }
        return found
    }

    /// Creates or updates the record the identifiers name (ADT A01/A04/A05/A08, orders).
    /// Returns the record and whether it was created.
    @discardableResult
    public mutating func upsert(_ record: PatientRecord) -> (patient: Patient, created: Bool) {
        let known = record.identifiers.compactMap { resolve($0) }.first
        if var patient = known {
            if !record.name.isEmpty { patient.name = record.name }
            if !record.birthDate.isEmpty { patient.birthDate = record.birthDate }
            if !record.sex.isEmpty { patient.sex = record.sex }
            for identifier in record.identifiers where byIdentifier[identifier] == nil {
                patient.identifiers.append(identifier)
                byIdentifier[identifier] = patient.id
            }
            patients[patient.id] = patient
            return (patient, false)
        }
        let patient = Patient(id: nextID, identifiers: record.identifiers, name: record.name,
                              birthDate: record.birthDate, sex: record.sex)
        nextID += 1
        patients[patient.id] = patient
        for identifier in record.identifiers { byIdentifier[identifier] = patient.id }
        return (patient, true)
    }

    /// ADT^A40/A18: the record holding `prior` is merged into the survivor's record (created from
    /// `survivor` when it is new). Afterwards `prior` resolves to the survivor. A prior identifier
    /// never seen gets a record of its own, merged at once (`priorCreated`).
    public mutating func merge(prior: PatientIdentifier, into survivor: PatientRecord,
                               cause: String) throws(MergeError) -> (record: MergeRecord, priorCreated: Bool) {
        let survivorID = survivor.identifiers.compactMap { resolve($0) }.first?.id
        var priorCreated = false
        if let priorID = byIdentifier[prior] {
            guard let resolved = resolve(patientID: priorID) else { throw .sameRecord }
            if resolved.id == survivorID { throw priorID == survivorID ? .sameRecord : .alreadyMerged }
        } else {
            guard !survivor.identifiers.contains(prior) else { throw .sameRecord }
            let placeholder = Patient(id: nextID, identifiers: [prior], name: PersonName(), birthDate: "", sex: "")
            nextID += 1
            patients[placeholder.id] = placeholder
            byIdentifier[prior] = placeholder.id
            priorCreated = true
        }
        guard let priorID = byIdentifier[prior], let priorPatient = resolve(patientID: priorID) else { throw .sameRecord }
        let (surviving, _) = upsert(survivor)
        guard surviving.id != priorPatient.id else { throw .sameRecord }
        patients[priorPatient.id]?.mergedInto = surviving.id
        let record = MergeRecord(prior: prior, priorPatient: priorPatient.id, survivor: surviving.id, cause: cause)
        merges.append(record)
        return (record, priorCreated)
    }
}
