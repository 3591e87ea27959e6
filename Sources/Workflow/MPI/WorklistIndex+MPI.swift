extension WorklistIndex {
    /// `find`, where a query by one patient ID also finds the items filed under the person's
    /// linked records in other domains; those are answered with the identifier the modality asked
    /// with (its domain when the query named an issuer, else the domain that ID belongs to).
    public func find(_ query: WorklistQuery, in state: WorkflowState) -> [WorklistItem] {
        let direct = find(query)
        guard let id = query.patientID, !id.isEmpty, !id.contains("*"), !id.contains("?"), !id.contains("\\") else { return direct }
        let issuer = query.issuerOfPatientID.flatMap { $0.isEmpty || $0.contains("*") || $0.contains("?") ? nil : $0 }
        let askedRecords = state.mpi.records(withIdentifierValue: id).filter { record in
            state.patients.patients[record]?.identifiers.contains { $0.id == id && (issuer == nil || $0.issuer == issuer) } ?? false
        }
        // An ID several people hold in different domains is ambiguous without an issuer: no expansion.
        guard askedRecords.count == 1, let asked = askedRecords.first,
              let askedIdentifier = state.patients.patients[asked]?.identifiers.first(where: { $0.id == id && (issuer == nil || $0.issuer == issuer) })
        else { return direct }
        var found = direct
        var seen = Set(direct.map { "\($0.orderID)|\($0.step.id)" })
        for record in state.mpi.linkedRecords(of: asked) where record != asked {
            guard let primary = state.patients.resolve(patientID: record)?.primaryIdentifier, primary != askedIdentifier else { continue }
            var q = query
            q.patientID = primary.id
            q.issuerOfPatientID = issuer == nil ? query.issuerOfPatientID : primary.issuer
            for var item in find(q) where seen.insert("\(item.orderID)|\(item.step.id)").inserted {
                item.patientID = askedIdentifier.id
                item.issuerOfPatientID = askedIdentifier.issuer
                found.append(item)
            }
        }
        return found.sorted { ($0.step.startDateTime, $0.accessionNumber, $0.step.id) < ($1.step.startDateTime, $1.accessionNumber, $1.step.id) }
    }
}
