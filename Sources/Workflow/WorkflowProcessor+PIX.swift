import HL7

/// IHE PIX query (ITI-9, QBP^Q23 → RSP^K23) and PDQ (ITI-21, QBP^Q22 → RSP^K22).
extension WorkflowProcessor {
    private struct QueryError {
        let location: [String]
        let code: HL7ErrorCode
        let text: String
    }

    /// ITI-9: QPD-3 names a person in one domain; PID-3 of the answer lists the person's
    /// identifiers in the domains QPD-4 asks for (all other domains when empty).
    func answerPIXQuery(_ message: HL7Message, at time: String) -> WorkflowOutcome {
        let qpd = message.segment(named: "QPD")
        guard let qpd, let cx = qpd.field(3)?.child(1), let asked = PatientIdentifier(cx: cx), !asked.issuer.isEmpty else {
            return queryResponse(message, type: ["RSP", "K23", "RSP_K23"], at: time,
                                 error: QueryError(location: ["QPD", "1", "3", "1", "1"], code: .requiredFieldMissing,
                                                   text: "QPD-3 must hold an identifier with its assigning authority (CX.1 and CX.4)"))
        }
        let known = knownDomains
        guard known.contains(asked.issuer) else {
            return queryResponse(message, type: ["RSP", "K23", "RSP_K23"], at: time,
                                 error: QueryError(location: ["QPD", "1", "3", "1", "4"], code: .unknownKeyIdentifier,
                                                   text: "assigning authority \(asked.issuer) is not a known domain"))
        }
        let wanted = (qpd.field(4)?.repetitions ?? []).map { $0.child(4)?.child(1)?.value ?? "" }
        for (k, domain) in wanted.enumerated() where !domain.isEmpty && !known.contains(domain) {
            return queryResponse(message, type: ["RSP", "K23", "RSP_K23"], at: time,
                                 error: QueryError(location: ["QPD", "1", "4", String(k + 1), "4"], code: .unknownKeyIdentifier,
                                                   text: "assigning authority \(domain) is not a known domain"))
        }
        guard let patient = state.patients.resolve(asked) else {
            return queryResponse(message, type: ["RSP", "K23", "RSP_K23"], at: time,
                                 error: QueryError(location: ["QPD", "1", "3", "1", "1"], code: .unknownKeyIdentifier,
                                                   text: "identifier \(asked) is not known"))
        }
        let domains = Set(wanted.filter { !$0.isEmpty })
        let found = personIdentifiers(ofPatient: patient.id).filter { $0 != asked && (domains.isEmpty || domains.contains($0.issuer)) }
        return queryResponse(message, type: ["RSP", "K23", "RSP_K23"], at: time, hits: found.isEmpty ? 0 : 1) { b in
            guard !found.isEmpty else { return }
            b.add("PID") { pid in
                pid.set(1, "1")
                pid.set(3, repetitions: found.map { [$0.id, nil, nil, $0.issuer, $0.typeCode.isEmpty ? nil : $0.typeCode] })
                pid.set(5, components: ["", "", "", "", "", "", "S"])
            }
        }
    }

    /// Every assigning authority the index holds identifiers of, and the enterprise one.
    var knownDomains: Set<String> {
        state.mpi.domains.union([configuration.mpi.enterpriseAuthority])
    }

    /// ITI-21: QPD-3 holds `@PID.x.y^value` pairs (family, given, birth date, sex, identifier,
    /// postal code; `*` ends a prefix); QPD-8 the domains whose identifiers PID-3 returns.
    func answerPDQQuery(_ message: HL7Message, at time: String) -> WorkflowOutcome {
        let type = ["RSP", "K22", "RSP_K22"]
        guard let qpd = message.segment(named: "QPD"), let pairs = qpd.field(3)?.repetitions, !pairs.isEmpty, !(qpd.field(3)?.isEmpty ?? true) else {
            return queryResponse(message, type: type, at: time, error: QueryError(location: ["QPD", "1", "3"], code: .requiredFieldMissing,
                                                                                 text: "QPD-3 must hold at least one @PID field and value"))
        }
        var criteria: [String: String] = [:]
        let fields: [String: String] = [
            "PID.5.1.1": "family", "PID.5.1": "family", "PID.5.2": "given", "PID.7.1": "birthDate", "PID.7": "birthDate",
            "PID.8": "sex", "PID.3.1": "id", "PID.3.4.1": "issuer", "PID.3.4": "issuer", "PID.11.5": "postalCode",
            "PID.11.3": "city", "PID.19": "nationalID",
        ]
        for (k, pair) in pairs.enumerated() {
            let name = String((pair.child(1)?.value ?? "").drop { $0 == "@" })
            let value = pair.child(2)?.value ?? ""
            guard let key = fields[name] else {
                return queryResponse(message, type: type, at: time, error: QueryError(
                    location: ["QPD", "1", "3", String(k + 1), "1"], code: .tableValueNotFound,
                    text: "query field @\(name) is not supported (PID.3.1, PID.3.4, PID.5.1.1, PID.5.2, PID.7.1, PID.8, PID.11.3, PID.11.5, PID.19)"))
            }
            if !value.isEmpty { criteria[key] = value }
        }
        guard !criteria.isEmpty else {
            return queryResponse(message, type: type, at: time, error: QueryError(location: ["QPD", "1", "3"], code: .requiredFieldMissing,
                                                                                 text: "QPD-3 names no value to search by"))
        }
        let known = knownDomains
        let wanted = (qpd.field(8)?.repetitions ?? []).map { $0.child(4)?.child(1)?.value ?? "" }.filter { !$0.isEmpty }
        for (k, domain) in wanted.enumerated() where !known.contains(domain) {
            return queryResponse(message, type: type, at: time, error: QueryError(
                location: ["QPD", "1", "8", String(k + 1), "4"], code: .unknownKeyIdentifier, text: "assigning authority \(domain) is not a known domain"))
        }
        let limit = Int(message.segment(named: "RCP")?.field(2)?.firstValue ?? "") ?? 100
        var results: [(patient: Patient, identifiers: [PatientIdentifier])] = []
        var seenPersons = Set<String>()
        // Indexed candidates when the query names an identifier or an exact family name; else a scan.
        let candidates: [Patient]
        if let id = criteria["id"], !id.hasSuffix("*") {
            candidates = state.mpi.records(withIdentifierValue: id).compactMap { state.patients.patients[$0] }
        } else if let family = criteria["family"], !family.hasSuffix("*") {
            candidates = state.mpi.records(withFamilyName: family).compactMap { state.patients.patients[$0] }
        } else {
            candidates = state.patients.patients.values.sorted { $0.id < $1.id }
        }
        for patient in candidates where patient.mergedInto == nil {
            guard pdqMatches(patient, criteria) else { continue }
            var identifiers = patient.identifiers
            if !wanted.isEmpty {
                // One answer per person, with the identifiers of the domains asked for.
                let person = state.mpi.euid(of: patient.id) ?? "#\(patient.id)"
                guard seenPersons.insert(person).inserted else { continue }
                identifiers = personIdentifiers(ofPatient: patient.id).filter { wanted.contains($0.issuer) }
                if identifiers.isEmpty { continue }
            }
            results.append((patient, identifiers))
            if results.count >= limit { break }
        }
        return queryResponse(message, type: type, at: time, hits: results.count) { b in
            for (k, result) in results.enumerated() {
                let d = state.mpi.entries[result.patient.id]?.demographics
                b.add("PID") { pid in
                    pid.set(1, String(k + 1))
                    pid.set(3, repetitions: result.identifiers.map { [$0.id, nil, nil, $0.issuer, $0.typeCode.isEmpty ? nil : $0.typeCode] })
                    let n = result.patient.name
                    pid.set(5, components: [n.family, n.given, n.middle, n.suffix, n.prefix])
                    pid.set(7, result.patient.birthDate)
                    pid.set(8, result.patient.sex)
                    if let d { pid.set(11, components: [d.street, nil, d.city, nil, d.postalCode]) }
                    if let d { pid.set(13, d.phone) }
                }
            }
        }
    }

    private func pdqMatches(_ patient: Patient, _ criteria: [String: String]) -> Bool {
        let d = state.mpi.entries[patient.id]?.demographics
        func like(_ value: String, _ pattern: String) -> Bool {
            let v = value.uppercased(), p = pattern.uppercased()
            return p.hasSuffix("*") ? v.hasPrefix(p.dropLast()) : v == p
        }
        for (key, pattern) in criteria {
            let ok: Bool
            switch key {
            case "family": ok = like(patient.name.family, pattern)
            case "given": ok = like(patient.name.given, pattern)
            case "birthDate": ok = like(patient.birthDate, pattern)
            case "sex": ok = like(patient.sex, pattern)
            case "id": ok = patient.identifiers.contains { like($0.id, pattern) && (criteria["issuer"].map { $0 == "" } ?? true || like($0.issuer, criteria["issuer"]!)) }
            case "issuer": ok = patient.identifiers.contains { like($0.issuer, pattern) }
            case "postalCode": ok = like(d?.postalCode ?? "", pattern)
            case "city": ok = like(d?.city ?? "", pattern)
            case "nationalID": ok = like(d?.nationalID ?? "", pattern)
            default: ok = false
            }
            if !ok { return false }
        }
        return true
    }

    /// MSH, MSA, ERR when refused, QAK, the echoed QPD, then the body.
    private func queryResponse(_ message: HL7Message, type: [String], at time: String, error: QueryError? = nil, hits: Int = 0,
                               body: (inout HL7MessageBuilder) -> Void = { _ in }) -> WorkflowOutcome {
        let h = message.header
        let qpd = message.segment(named: "QPD")
        var b = HL7MessageBuilder(
            sendingApplication: configuration.application, sendingFacility: configuration.facility,
            receivingApplication: h.sendingApplication, receivingFacility: h.sendingFacility,
            messageType: type, controlID: String(("R" + h.controlID).prefix(20)),
            version: h.version.isEmpty ? "2.5" : h.version, timestamp: time, characterSet: "UNICODE UTF-8")
        b.add("MSA") { msa in
            msa.set(1, error == nil ? "AA" : "AE")
            msa.set(2, h.controlID)
        }
        if let error {
            b.add("ERR") { err in
                err.set(2, components: error.location)
                err.set(3, components: [String(error.code.rawValue), error.code.text, "HL70357"])
                err.set(4, "E")
                err.set(8, error.text)
            }
        }
        b.add("QAK") { qak in
            qak.copy(1, from: qpd?.field(2))
            qak.set(2, error != nil ? "AE" : hits == 0 ? "NF" : "OK")
            qak.copy(3, from: qpd?.field(1))
            if error == nil {
                qak.set(4, String(hits))
                qak.set(5, String(hits))
                qak.set(6, "0")
            }
        }
        if let qpd { b.add("QPD") { copy in for n in 1...max(1, qpd.fieldCount) { copy.copy(n, from: qpd.field(n)) } } }
        body(&b)
        var outcome = WorkflowOutcome()
        if let error { outcome.issues.append(HL7Issue(error.code, at: nil, error.text)) }
        outcome.code = error == nil ? .AA : .AE
        outcome.response = b.build()
        return outcome
    }
}
