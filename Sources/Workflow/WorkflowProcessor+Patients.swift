import HL7

extension WorkflowProcessor {
    /// ADT: A01/A04/A05 register, A08/A28/A31 update, A40/A41/A18 merge. Other events are accepted
    /// and change nothing.
    mutating func processPatient(_ message: HL7Message, at time: String) -> WorkflowOutcome {
        var outcome = WorkflowOutcome()
        let trigger = message.header.triggerEvent
        switch trigger {
        case "A40", "A41", "A18":
            mergePatients(message, at: time, into: &outcome)
        default:
            for (k, pid) in message.segments(named: "PID").enumerated() {
                let record = patientRecord(pid, occurrence: k + 1, outcome: &outcome)
                guard !record.identifiers.isEmpty else {
                    outcome.refuse(.requiredFieldMissing, at: HL7ErrorLocation(segment: "PID", occurrence: k + 1, field: 3),
                                   "PID-3 holds no identifier (and PID-2 none either)")
                    continue
                }
                let patient = state.patients.upsert(record).patient
                fileInMPI(patient, pid: pid, at: time, outcome: &outcome)
                // The worklist shows demographics: the patient's orders are re-derived.
                outcome.changedOrders.formUnion(state.orderIDs(ofPatient: patient.id))
            }
        }
        return outcome
    }

    /// The patient a PID names by PID-3; when PID-3 is empty, by PID-2 (the external ID, where
    /// senders before v2.3.1 put the MRN), which a warning says.
    func patientRecord(_ pid: HL7Segment, occurrence: Int = 1, outcome: inout WorkflowOutcome) -> PatientRecord {
        var record = PatientRecord(pid: pid)
        if record.identifiers.isEmpty {
            let external = PatientIdentifier.all(in: pid.field(2))
            if !external.isEmpty {
                record.identifiers = external
                outcome.warn(.requiredFieldMissing, at: HL7ErrorLocation(segment: "PID", occurrence: occurrence, field: 3),
                             "PID-3 holds no identifier: the patient is identified by PID-2 (external ID)")
            }
        }
        return record
    }

    /// Each PID is followed by the MRG naming the identifier it absorbs.
    private mutating func mergePatients(_ message: HL7Message, at time: String, into outcome: inout WorkflowOutcome) {
        var pending: PatientRecord?
        var mrgOccurrence = 0, pidOccurrence = 0
        for segment in message.segments {
            switch segment.name {
            case "PID":
                pidOccurrence += 1
                pending = patientRecord(segment, occurrence: pidOccurrence, outcome: &outcome)
            case "MRG":
                mrgOccurrence += 1
                let location = HL7ErrorLocation(segment: "MRG", occurrence: mrgOccurrence, field: 1)
                guard let survivor = pending, !survivor.identifiers.isEmpty else {
                    outcome.refuse(.segmentSequenceError, at: location, "MRG without a PID naming the surviving patient")
                    continue
                }
                let priors = PatientIdentifier.all(in: segment.field(1))
                guard !priors.isEmpty else {
                    outcome.refuse(.requiredFieldMissing, at: location, "MRG-1 holds no prior identifier")
                    continue
                }
                for prior in priors {
                    do {
                        let merge = try state.patients.merge(prior: prior, into: survivor, cause: cause(message).description)
                        if merge.priorCreated {
                            // The prior record went unseen here (registered before this engine, or its
                            // ADT was lost): kept as merged, so later messages naming it find the survivor.
                            outcome.warn(.unknownKeyIdentifier, at: location,
                                         "prior patient identifier \(prior) was not known: recorded as merged into the surviving patient")
                        }
                        outcome.changedOrders.formUnion(state.orderIDs(ofPatient: merge.record.survivor))
                        mpiMerged(prior: merge.record.priorPatient, survivor: merge.record.survivor, at: time, outcome: &outcome)
                    } catch .alreadyMerged {
                        outcome.inform(at: location, "prior patient identifier \(prior) was already merged into the surviving patient")
                    } catch {
                        outcome.refuse(.duplicateKeyIdentifier, at: location, "prior identifier \(prior) already belongs to the surviving patient")
                    }
                }
                pending = nil
            default: continue
            }
        }
    }
}
