import Workflow

extension FHIRMapper {
    public var patients: [Patient] {
        state.patients.patients.values.sorted { $0.id < $1.id }.map(patient)
    }

    public func patient(id: String) -> Patient? {
        Int(id).flatMap { state.patients.patients[$0] }.map(patient)
    }

    /// A record merged into another is inactive and `replaced-by` the survivor; the survivor
    /// `replaces` each record merged into it.
    public func patient(_ p: Workflow.Patient) -> Patient {
        let primary = p.primaryIdentifier
        let identifiers = p.identifiers.map { id in
            Identifier(use: id == primary ? "usual" : nil, type: Self.identifierType(id.typeCode),
                       system: settings.patientIdentifierSystem(issuer: id.issuer), value: id.id, assigner: id.issuer)
        }
        var links: [Patient.Link] = []
        if p.mergedInto != nil, let survivor = state.patients.resolve(patientID: p.id), survivor.id != p.id {
            links.append(Patient.Link(other: Reference.to("Patient", String(survivor.id)), type: "replaced-by"))
        }
        for merged in state.patients.merges where merged.survivor == p.id {
            links.append(Patient.Link(other: Reference.to("Patient", String(merged.priorPatient)), type: "replaces"))
        }
        let birthDate = p.birthDate.count >= 8 ? FHIRTime.date(fromHL7: p.birthDate) : FHIRTime.dateTime(fromHL7: p.birthDate, zone: "")
        return Patient(id: String(p.id), identifier: identifiers.isEmpty ? nil : identifiers, active: p.mergedInto == nil,
                       name: HumanName(p.name).map { [$0] }, gender: Self.gender(p.sex), birthDate: birthDate,
                       link: links.isEmpty ? nil : links)
    }

    /// HL7 table 0001 → administrative-gender.
    static func gender(_ sex: String) -> String? {
        switch sex.uppercased() {
        case "F": "female"
        case "M": "male"
        case "O", "A": "other"
        case "U", "N": "unknown"
        default: nil
        }
    }

    static func sex(_ gender: String?) -> String {
        switch gender {
        case "female": "F"
        case "male": "M"
        case "other": "O"
        case "unknown": "U"
        default: ""
        }
    }
}
