import HL7

extension WorkflowProcessor {
    /// The patient's performed exams, newest first, optionally of one modality and since a date.
    public func priors(of identifier: PatientIdentifier, modality: String = "", since: String = "", limit: Int = 100) -> [(order: Order, report: Report?)] {
        guard let patient = state.patients.resolve(identifier) else { return [] }
        let performed: Set<OrderState> = [.completed, .preliminary, .final]
        // The same person's exams under linked records of other domains are priors too.
        let records = state.mpi.linkedRecords(of: patient.id).compactMap { state.patients.resolve(patientID: $0) }
        var seen = Set<Int>()
        return records.flatMap { state.orders(of: $0) }
            .filter { seen.insert($0.id).inserted }
            .filter { performed.contains($0.state) }
            .filter { modality.isEmpty || $0.steps.contains { $0.modality == modality } }
            .filter { since.isEmpty || (performedAt($0) >= since) }
            .sorted { performedAt($0) > performedAt($1) }
            .prefix(max(0, limit))
            .map { ($0, state.report(of: $0)) }
    }

    private func performedAt(_ order: Order) -> String {
        order.history.first { $0.to == .inProgress || $0.to == .completed || $0.to == .preliminary || $0.to == .final }?.at
            ?? order.steps.first?.startDateTime ?? ""
    }

    /// QBP^Q11 (QPD-3 patient identifier, QPD-4 modality, QPD-5 earliest date; RCP-2 limit) →
    /// RSP^K11 with QAK OK/NF and, per prior, an OBR with its final report's impression.
    func answerPriorsQuery(_ message: HL7Message, at time: String) -> WorkflowOutcome {
        var outcome = WorkflowOutcome()
        let h = message.header
        guard let qpd = message.segment(named: "QPD"), let cx = qpd.field(3)?.child(1), let identifier = PatientIdentifier(cx: cx) else {
            outcome.refuse(.requiredFieldMissing, at: HL7ErrorLocation(segment: "QPD", field: 3), "QPD-3 must name the patient")
            outcome.response = HL7Acknowledgement.make(for: message, code: outcome.code, issues: outcome.issues, timestamp: time)
            return outcome
        }
        func first(_ element: HL7Element?) -> String { element?.firstValue ?? "" }
        let limit = Int(first(message.segment(named: "RCP")?.field(2))) ?? 100
        let found = priors(of: identifier, modality: first(qpd.field(4)), since: first(qpd.field(5)), limit: limit)
        var b = HL7MessageBuilder(
            sendingApplication: configuration.application, sendingFacility: configuration.facility,
            receivingApplication: h.sendingApplication, receivingFacility: h.sendingFacility,
            messageType: ["RSP", "K11", "RSP_K11"], controlID: String(("R" + h.controlID).prefix(20)),
            version: h.version.isEmpty ? "2.5.1" : h.version, timestamp: time, characterSet: "UNICODE UTF-8")
        b.add("MSA") { msa in
            msa.set(1, "AA")
            msa.set(2, h.controlID)
        }
        b.add("QAK") { qak in
            qak.set(1, first(qpd.field(2)))
            qak.set(2, found.isEmpty ? "NF" : "OK")
            qak.copy(3, from: qpd.field(1))
            qak.set(4, String(found.count))
            qak.set(5, String(found.count))
            qak.set(6, "0")
        }
        b.add("QPD") { copy in for n in 1...max(1, qpd.fieldCount) { copy.copy(n, from: qpd.field(n)) } }
        for (k, prior) in found.enumerated() {
            let order = prior.order
            b.add("OBR") { obr in
                obr.set(1, String(k + 1))
                obr.set(3, components: [order.accessionNumber, configuration.application])
                obr.set(4, components: order.procedureComponents)
                obr.set(7, performedAt(order))
                obr.set(24, order.steps.first?.modality)
                obr.set(25, prior.report?.current.status.rawValue)
            }
            b.add("ZDS") { zds in zds.set(1, components: [order.studyInstanceUID, configuration.application, "Application", "DICOM"]) }
            if let report = prior.report {
                b.add("OBX") { obx in
                    obx.set(1, "1")
                    obx.set(2, "TX")
                    obx.set(3, components: ["19005-8", "Radiology Impression", "LN"])
                    obx.set(5, report.current.text(of: .impression))
                    obx.set(11, report.current.status.rawValue)
                }
            }
        }
        outcome.response = b.build()
        return outcome
    }
}
