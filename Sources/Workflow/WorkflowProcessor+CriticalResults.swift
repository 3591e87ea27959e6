import HL7

extension WorkflowProcessor {
    /// Opens a case for a critical report and returns the first notification.
    mutating func openCriticalCase(report: Report, order: Order, at time: String) -> HL7Message {
        let now = HL7Timestamp.epochSeconds(time) ?? 0
        let id = (state.criticalResults.keys.max() ?? 0) + 1
        var result = CriticalResult(
            id: id, orderID: order.id, reportID: report.id, reasons: report.current.criticalReasons, state: .detected,
            contactIndex: 0, contact: configuration.criticalChain.first ?? "ORDERING",
            deadline: now + configuration.criticalAcknowledgeWithin(priority: order.priority), notificationControlIDs: [], history: [])
        result.history.append(CriticalStep(from: nil, to: .detected, at: time, by: configuration.application,
                                           how: "report \(report.current.controlID): " + result.reasons.joined(separator: "; ")))
        let notification = criticalNotification(&result, order: order, report: report, at: time)
        state.criticalResults[id] = result
        return notification
    }

    /// The ORU^R01 that tells the current contact, in enhanced mode so that the receiver's
    /// application acknowledgement (MSA-2 = its MSH-10) comes back when a person confirms.
    private func criticalNotification(_ result: inout CriticalResult, order: Order, report: Report, at time: String) -> HL7Message {
        let controlID = self.controlID("CR", "CR\(result.id)-\(result.notificationControlIDs.count + 1)")
        result.notificationControlIDs.append(controlID)
        var b = HL7MessageBuilder(
            sendingApplication: configuration.application, sendingFacility: configuration.facility,
            messageType: ["ORU", "R01", "ORU_R01"], controlID: controlID, version: "2.5.1", timestamp: time,
            characterSet: "UNICODE UTF-8")
        b.setAcknowledgementTypes(accept: "AL", application: "AL")
        let patient = state.patient(of: order)
        b.addPID(patient)
        b.add("ORC") { orc in
            orc.set(1, "RE")
            orc.set(3, components: [order.accessionNumber, configuration.application])
        }
        b.add("OBR") { obr in
            obr.set(1, "1")
            obr.set(3, components: [order.accessionNumber, configuration.application])
            obr.set(4, components: [order.procedure.code, order.procedure.text, order.procedure.codingScheme])
            obr.set(25, report.current.status.rawValue)
            obr.set(28, components: [result.contact])
        }
        b.add("OBX") { obx in
            obx.set(1, "1")
            obx.set(2, "TX")
            obx.set(3, components: ["19005-8", "Radiology Impression", "LN"])
            obx.set(5, report.current.text(of: .impression))
            obx.set(8, "AA")
            obx.set(11, report.current.status.rawValue)
        }
        b.add("NTE") { nte in
            nte.set(1, "1")
            nte.set(3, "CRITICAL RESULT for \(result.contact): \(result.reasons.joined(separator: "; ")). Acknowledge within \(Self.duration(configuration.criticalAcknowledgeWithin(priority: order.priority))) (case \(result.id)).")
        }
        return b.build()
    }

    /// `90 s`, `15 min`, `2 h`: how long a contact has, in the notification's words.
    static func duration(_ seconds: Int64) -> String {
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }

    /// The receiver accepted a notification on the connection (CA, or AA in original mode).
    @discardableResult
    public mutating func criticalNotificationAccepted(controlID: String, by receiver: String, at time: String = HL7Timestamp.now()) -> Bool {
        guard var result = state.criticalResults.values.first(where: { $0.notificationControlIDs.last == controlID }) else { return false }
        let applied = result.apply(.notify, at: time, by: receiver, how: "accept acknowledgement of \(controlID)")
        state.criticalResults[result.id] = result
        return applied
    }

    /// The destination answered a notification AA on the connection it was delivered on: a person
    /// confirmed it. Closes the case.
    @discardableResult
    public mutating func acknowledgeCriticalNotification(controlID: String, by receiver: String, at time: String = HL7Timestamp.now()) -> Bool {
        guard var result = state.criticalResults.values.first(where: { $0.state.isOpen && $0.notificationControlIDs.contains(controlID) }),
              result.apply(.acknowledge, at: time, by: receiver, how: "application acknowledgement of \(controlID) on the delivery connection")
        else { return false }
        _ = result.apply(.close, at: time, by: receiver, how: "acknowledged")
        state.criticalResults[result.id] = result
        return true
    }

    /// Whether `controlID` is the MSH-10 of a notification of a case still open.
    public func isOpenCriticalNotification(_ controlID: String) -> Bool {
        state.criticalResults.values.contains { $0.state.isOpen && $0.notificationControlIDs.contains(controlID) }
    }

    public enum CriticalAcknowledgementError: Error, Sendable, Equatable {
        case unknownCase(Int)
        case notOpen(Int, CriticalState)
    }

    /// A person confirmed the finding (`POST /api/critical-results/{id}/acknowledge`). Closes the case.
    public mutating func acknowledgeCritical(id: Int, by person: String, note: String, at time: String = HL7Timestamp.now()) throws(CriticalAcknowledgementError) {
        guard var result = state.criticalResults[id] else { throw .unknownCase(id) }
        guard result.apply(.acknowledge, at: time, by: person, how: "API" + (note.isEmpty ? "" : ": \(note)")) else {
            throw .notOpen(id, result.state)
        }
        _ = result.apply(.close, at: time, by: person, how: "acknowledged")
        state.criticalResults[id] = result
    }

    /// An application ACK (MSA-1 AA) that the receiving system sends to our listener once a person
    /// confirmed the notification whose MSH-10 is MSA-2.
    mutating func processAcknowledgement(_ message: HL7Message, at time: String) -> WorkflowOutcome {
        let acknowledged = message.value(at: try! HL7Path("MSA-2")) ?? ""
        let code = message.value(at: try! HL7Path("MSA-1")) ?? ""
        guard code == "AA", var result = state.criticalResults.values.first(where: { $0.notificationControlIDs.contains(acknowledged) }) else {
            return WorkflowOutcome()
        }
        let by = [message.header.sendingApplication, message.header.sendingFacility].filter { !$0.isEmpty }.joined(separator: "@")
        if result.apply(.acknowledge, at: time, by: by, how: "HL7 application acknowledgement \(message.header.controlID) of \(acknowledged)") {
            _ = result.apply(.close, at: time, by: by, how: "acknowledged")
            state.criticalResults[result.id] = result
        }
        return WorkflowOutcome()
    }

    /// Escalates every open case whose deadline passed: the next contact in the chain (or the last
    /// one again) is notified with a new deadline. Returns the notifications to send.
    public mutating func escalateOverdueCriticalResults(at time: String = HL7Timestamp.now()) -> [HL7Message] {
        guard let now = HL7Timestamp.epochSeconds(time) else { return [] }
        var notifications: [HL7Message] = []
        for var result in state.criticalResults.values.sorted(by: { $0.id < $1.id }) where result.isOverdue(now: now) {
            guard let order = state.orders[result.orderID], let report = state.reports[result.reportID] else { continue }
            let next = min(result.contactIndex + 1, max(0, configuration.criticalChain.count - 1))
            let previous = result.contact
            result.contactIndex = next
            result.contact = configuration.criticalChain.isEmpty ? previous : configuration.criticalChain[next]
            result.deadline = now + configuration.criticalAcknowledgeWithin(priority: order.priority)
            _ = result.apply(.escalate, at: time, by: configuration.application, how: "no acknowledgement from \(previous) by the deadline; now \(result.contact)")
            notifications.append(criticalNotification(&result, order: order, report: report, at: time))
            state.criticalResults[result.id] = result
        }
        return notifications
    }
}
