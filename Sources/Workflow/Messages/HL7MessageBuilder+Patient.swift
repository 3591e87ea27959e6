import HL7

extension HL7MessageBuilder {
    /// The PID every message RadBridge emits carries: primary identifier, name, birth date, sex.
    mutating func addPID(_ patient: Patient?) {
        add("PID") { pid in
            pid.set(1, "1")
            if let id = patient?.primaryIdentifier { pid.set(3, components: [id.id, nil, nil, id.issuer, id.typeCode]) }
            if let name = patient?.name { pid.set(5, components: [name.family, name.given, name.middle, name.suffix, name.prefix]) }
            pid.set(7, patient?.birthDate)
            pid.set(8, patient?.sex)
        }
    }
}
