import HL7

extension WorkflowProcessor {
    /// ORU^R01: each ORDER_OBSERVATION becomes a version of its order's report. The order is found
    /// by accession (OBR-3) or filler number (ORC-3); a report whose patient does not match the
    /// order is quarantined, never filed.
    mutating func processReports(_ message: HL7Message, at time: String) -> WorkflowOutcome {
        var outcome = WorkflowOutcome()
        let pid = message.segment(named: "PID")
        let identifiers = pid.map { PatientRecord(pid: $0).identifiers } ?? []
        let groups = message.orderGroups.filter { $0.obr != nil }
        if groups.isEmpty {
            outcome.refuse(.segmentSequenceError, at: HL7ErrorLocation(segment: "OBR"), "the report holds no OBR")
        }
        for (k, group) in groups.enumerated() {
            let location = HL7ErrorLocation(segment: "OBR", occurrence: k + 1, field: 3)
            let accession = [group.obr?.field(3), group.orc?.field(3)].compactMap { $0?.firstValue }.first { !$0.isEmpty } ?? ""
            guard let order = state.order(accession: accession) else {
                quarantine(message, reason: "no order has accession '\(accession)'", at: time, into: &outcome, location: location)
                continue
            }
            guard patientMatches(identifiers, order: order) else {
                quarantine(message, reason: "patient \(identifiers.first?.description ?? "(none)") does not match order \(accession)",
                           at: time, into: &outcome, location: HL7ErrorLocation(segment: "PID", field: 3))
                continue
            }
            let version: ReportVersion
            do throws(ReportParser.Problem) {
                version = try ReportParser(configuration: configuration).version(of: group, in: message, at: time)
            } catch {
                switch error {
                case .missingStatus:
                    outcome.refuse(.requiredFieldMissing, at: HL7ErrorLocation(segment: "OBR", occurrence: k + 1, field: 25),
                                   "the report has no result status (OBR-25 or OBX-11)")
                case .unknownStatus(let code, let at):
                    outcome.refuse(.tableValueNotFound, at: at, "result status '\(code)' is not P, F, C or X")
                }
                continue
            }
            fileReport(version, for: order, message: message, at: time, into: &outcome)
        }
        if outcome.code == .AA, outcome.quarantined == 0, !groups.isEmpty {
            outcome.reportsToForward = [message]
        }
        return outcome
    }

    private mutating func fileReport(_ version: ReportVersion, for order: Order, message: HL7Message, at time: String, into outcome: inout WorkflowOutcome) {
        var report = state.reportsByOrder[order.id].flatMap { state.reports[$0] }
            ?? Report(id: state.nextReportID, orderID: order.id, versions: [])
        if version.status == .corrected, !report.hasFinal {
            outcome.refuse(.applicationInternalError, at: HL7ErrorLocation(segment: "OBR", field: 25),
                           "a corrected report (C) needs a final report (F) before it; order \(order.accessionNumber) has none")
            return
        }
        var updated = order
        let event: OrderEvent? = switch version.status {
        case .preliminary: .preliminaryReport
        case .final: .finalReport
        case .corrected: .correctedReport
        case .cannotObtain: nil
        }
        if let event {
            do {
                try updated.apply(event, cause: cause(message, "OBR-25=\(version.status.rawValue)"), at: time)
            } catch {
                let refusal = RefusedOrderChange(accessionNumber: order.accessionNumber, state: order.state,
                                                 code: "OBR-25 \(version.status.rawValue)", target: nil)
                outcome.refuse(.applicationRecordLocked, at: HL7ErrorLocation(segment: "OBR", field: 25), refusal.description)
                return
            }
        }
        if report.versions.isEmpty { state.nextReportID += 1 }
        report.versions.append(version)
        state.reports[report.id] = report
        state.reportsByOrder[order.id] = report.id
        state.orders[order.id] = updated
        outcome.changedOrders.insert(order.id)
        if version.isCritical, !state.criticalResults.values.contains(where: { $0.reportID == report.id && $0.state.isOpen }) {
            outcome.criticalNotifications.append(openCriticalCase(report: report, order: updated, at: time))
        }
    }

    private func patientMatches(_ identifiers: [PatientIdentifier], order: Order) -> Bool {
        guard let patient = state.patient(of: order) else { return false }
        return identifiers.contains { id in state.patients.resolve(id)?.id == patient.id }
    }

    /// Holds the report for an operator. The message itself is accepted (it is stored and nothing is
    /// lost; resending would not help), with a warning in the acknowledgement saying why it was not filed.
    private mutating func quarantine(_ message: HL7Message, reason: String, at time: String, into outcome: inout WorkflowOutcome, location: HL7ErrorLocation) {
        let entry = QuarantineEntry(id: state.quarantine.count + 1, kind: "report", reason: reason,
                                    controlID: message.header.controlID, receivedAt: time)
        state.quarantine.append(entry)
        outcome.issues.append(HL7Issue(.unknownKeyIdentifier, at: location, "quarantined (entry \(entry.id)): \(reason)", severity: .warning))
        outcome.quarantined += 1
    }
}
