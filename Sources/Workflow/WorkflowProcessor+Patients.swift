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
            for pid in message.segments(named: "PID") {
                let record = PatientRecord(pid: pid)
                guard !record.identifiers.isEmpty else {
                    outcome.refuse(.requiredFieldMissing, at: HL7ErrorLocation(segment: "PID", field: 3), "PID-3 holds no identifier")
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

    /// Each PID is followed by the MRG naming the identifier it absorbs.
    private mutating func mergePatients(_ message: HL7Message, at time: String, into outcome: inout WorkflowOutcome) {
        var pending: PatientRecord?
        var mrgOccurrence = 0
        for segment in message.segments {
            switch segment.name {
            case "PID": pending = PatientRecord(pid: segment)
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
                        outcome.changedOrders.formUnion(state.orderIDs(ofPatient: merge.survivor))
                        mpiMerged(prior: merge.priorPatient, survivor: merge.survivor, at: time, outcome: &outcome)
                    } catch .unknownPriorIdentifier(let id) {
                        outcome.refuse(.unknownKeyIdentifier, at: location, "prior patient identifier \(id) is not known")
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
