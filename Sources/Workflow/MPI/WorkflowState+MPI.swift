/// The master patient index as other parts (HTTP, FHIR, worklist) read it.
extension WorkflowState {
    /// The identifiers of the person a local record belongs to, in every domain: those of each
    /// linked record (and of records merged into them), then the enterprise ID when an authority
    /// for it is given.
    public func personIdentifiers(ofPatient patientID: Int, enterpriseAuthority: String?) -> [PatientIdentifier] {
        var seen = Set<PatientIdentifier>()
        var result: [PatientIdentifier] = []
        for record in mpi.linkedRecords(of: patientID) {
            for merged in patients.records(resolvingTo: record) {
                for identifier in patients.patients[merged]?.identifiers ?? [] where seen.insert(identifier).inserted {
                    result.append(identifier)
                }
            }
        }
        if let enterpriseAuthority, let euid = mpi.euid(of: patientID) {
            result.append(PatientIdentifier(id: euid, issuer: enterpriseAuthority, typeCode: "PI"))
        }
        return result
    }

    /// The enterprise ID of the person an identifier names (following merges).
    public func euid(of identifier: PatientIdentifier) -> String? {
        patients.resolve(identifier).flatMap { mpi.euid(of: $0.id) }
    }

    /// The local records (current survivors) of the person an identifier names, itself first.
    public func linkedPatients(of identifier: PatientIdentifier) -> [Patient] {
        guard let patient = patients.resolve(identifier) else { return [] }
        return [patient] + mpi.linkedRecords(of: patient.id).filter { $0 != patient.id }.compactMap { patients.resolve(patientID: $0) }
    }
}
