import HL7

extension WorkflowProcessor {
    /// Files a local record in the master patient index after a PID created or updated it.
    /// Demographics missing from this PID keep what the index already had.
    mutating func fileInMPI(_ patient: Patient, pid: HL7Segment?, at time: String, outcome: inout WorkflowOutcome) {
        var d = state.mpi.entries[patient.id]?.demographics ?? MPIDemographics()
        if let pid {
            let fresh = MPIDemographics(pid: pid, nationalTypes: configuration.mpi.nationalTypes)
            func keep(_ new: String, _ old: String) -> String { new.isEmpty ? old : new }
            d = MPIDemographics(family: keep(fresh.family, d.family), given: keep(fresh.given, d.given), middle: keep(fresh.middle, d.middle),
                                suffix: keep(fresh.suffix, d.suffix), birthDate: keep(fresh.birthDate, d.birthDate),
                                sex: keep(fresh.sex, d.sex), street: keep(fresh.street, d.street), city: keep(fresh.city, d.city),
                                postalCode: keep(fresh.postalCode, d.postalCode), phone: keep(fresh.phone, d.phone),
                                nationalID: keep(fresh.nationalID, d.nationalID))
        } else {
            d.family = patient.name.family
            d.given = patient.name.given
            d.birthDate = patient.birthDate
            d.sex = patient.sex
        }
        let change = state.mpi.register(patientID: patient.id, demographics: d, identifiers: patient.identifiers,
                                        configuration: configuration.mpi, at: time)
        notifyLinkChanges(change, at: time, outcome: &outcome)
    }

    /// An A40 merged `prior` into `survivor`: the survivor answers for it in the index too.
    mutating func mpiMerged(prior: Int, survivor: Int, at time: String, outcome: inout WorkflowOutcome) {
        let change = state.mpi.remove(patientID: prior)
        notifyLinkChanges(change, at: time, outcome: &outcome)
        if let patient = state.patients.resolve(patientID: survivor), state.mpi.entries[patient.id] == nil {
            fileInMPI(patient, pid: nil, at: time, outcome: &outcome)
        }
    }

    /// `POST /api/mpi/reviews/{id}`: link or keep apart.
    mutating func decideMPIReview(id: Int, decision: String, by: String, at time: String) throws(WorkflowEventError) -> WorkflowOutcome {
        guard decision == "link" || decision == "keep-apart" else {
            throw WorkflowEventError(description: "decision must be \"link\" or \"keep-apart\", not \"\(decision)\"")
        }
        var outcome = WorkflowOutcome()
        do {
            let change = try state.mpi.decide(review: id, link: decision == "link", by: by, at: time)
            notifyLinkChanges(change, at: time, outcome: &outcome)
        } catch {
            throw WorkflowEventError(description: error.description)
        }
        return outcome
    }

    /// Reverses a link (the record gets its own enterprise ID again).
    mutating func unlinkMPIRecord(patientID: Int, by: String, reason: String, at time: String) throws(WorkflowEventError) -> WorkflowOutcome {
        var outcome = WorkflowOutcome()
        do {
            let change = try state.mpi.unlink(patientID: patientID, by: by, reason: reason, at: time)
            notifyLinkChanges(change, at: time, outcome: &outcome)
        } catch {
            throw WorkflowEventError(description: error.description)
        }
        return outcome
    }

    private func notifyLinkChanges(_ change: MPIChange, at time: String, outcome: inout WorkflowOutcome) {
        for euid in change.changedEUIDs where state.mpi.members[euid] != nil {
            outcome.pixUpdates.append(pixUpdateNotification(euid: euid, at: time))
        }
        if !change.changedEUIDs.isEmpty {
            for record in change.changedEUIDs.flatMap({ state.mpi.records(ofEUID: $0) }) {
                outcome.changedOrders.formUnion(state.orderIDs(ofPatient: record))
            }
        }
    }

    /// The identifiers of the person a local record belongs to, in every domain.
    public func personIdentifiers(ofPatient patientID: Int) -> [PatientIdentifier] {
        state.personIdentifiers(ofPatient: patientID, enterpriseAuthority: configuration.mpi.enterpriseAuthority)
    }

    /// IHE ITI-10 PIX Update Notification: ADT^A31 listing every identifier of the person.
    func pixUpdateNotification(euid: String, at time: String) -> HL7Message {
        let records = state.mpi.records(ofEUID: euid)
        let identifiers = records.first.map(personIdentifiers(ofPatient:)) ?? []
        var b = HL7MessageBuilder(
            sendingApplication: configuration.application, sendingFacility: configuration.facility,
            messageType: ["ADT", "A31", "ADT_A05"], controlID: controlID("PX", "PIX\(state.mpi.audit.count)\(euid)".suffix(20).description),
            version: "2.5", timestamp: time, characterSet: "UNICODE UTF-8")
        b.add("EVN") { evn in
            evn.set(2, time)
        }
        b.add("PID") { pid in
            pid.set(1, "1")
            pid.set(3, repetitions: identifiers.map { [$0.id, nil, nil, $0.issuer, $0.typeCode.isEmpty ? nil : $0.typeCode] })
            // ITI-10: the name is not significant here; a single space-like empty name with type S.
            pid.set(5, components: ["", "", "", "", "", "", "S"])
        }
        b.add("PV1") { pv1 in
            pv1.set(2, "N")
        }
        return b.build()
    }
}
