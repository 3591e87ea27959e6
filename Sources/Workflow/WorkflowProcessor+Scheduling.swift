import HL7

extension WorkflowProcessor {
    /// SIU^S12 book, S13 reschedule, S14 modify, S15 cancel: sets the order's scheduled step from
    /// the appointment's service (AIS) and location (AIL) resources. An appointment for an order not
    /// known yet (a scheduling system that books before the order arrives) is held and applied when
    /// the order is placed; one without SCH changes nothing. Both are accepted with a warning.
    mutating func processSchedule(_ message: HL7Message, at time: String) -> WorkflowOutcome {
        var outcome = WorkflowOutcome()
        let trigger = message.header.triggerEvent
        guard ["S12", "S13", "S14", "S15"].contains(trigger) else {
            outcome.refuse(.unsupportedEventCode, at: HL7ErrorLocation(segment: "MSH", field: 9, component: 2),
                           "SIU^\(trigger) is not applied (S12, S13, S14, S15)")
            return outcome
        }
        guard let sch = message.segment(named: "SCH") else {
            outcome.warn(.segmentSequenceError, at: HL7ErrorLocation(segment: "SCH"), "SIU without SCH: no appointment was applied")
            return outcome
        }
        let keys = Self.appointmentKeys(sch)
        let current = state
        guard let order = keys.compactMap({ current.order(accession: $0) }).first
                ?? keys.compactMap({ current.order(placer: $0, authority: "") }).first else {
            holdAppointment(message, keys: keys, trigger: trigger, at: time, outcome: &outcome)
            return outcome
        }
        applyAppointment(message, sch: sch, to: order, at: time, outcome: &outcome)
        return outcome
    }

    /// The appointment names its order by filler/placer order number (SCH-27/26) or, as many RIS
    /// do, by putting the accession in the filler appointment ID (SCH-2).
    static func appointmentKeys(_ sch: HL7Segment) -> [String] {
        [27, 26, 2, 1].compactMap { sch.field($0)?.firstValue }.filter { !$0.isEmpty }
    }

    private mutating func holdAppointment(_ message: HL7Message, keys: [String], trigger: String, at time: String,
                                          outcome: inout WorkflowOutcome) {
        let location = HL7ErrorLocation(segment: "SCH", field: 2)
        let named = "no order matches appointment \(keys.joined(separator: " / "))"
        let before = state.pendingAppointments.count
        state.pendingAppointments.removeAll { !Set($0.keys).isDisjoint(with: keys) }
        if trigger == "S15" {
            let cancelled = state.pendingAppointments.count < before
            outcome.warn(.unknownKeyIdentifier, at: location, "\(named): \(cancelled ? "the appointment held for it was cancelled" : "nothing to cancel")")
        } else {
            state.pendingAppointments.append(PendingAppointment(keys: keys, message: message, receivedAt: time))
            outcome.warn(.unknownKeyIdentifier, at: location, "\(named): the appointment is held until the order arrives")
        }
    }

    /// After an order is placed: the appointments held for it, in the order they came.
    mutating func applyPendingAppointments(to order: Order, at time: String, outcome: inout WorkflowOutcome) -> Order {
        let keys = [order.accessionNumber, order.placerNumber].filter { !$0.isEmpty }
        let held = state.pendingAppointments.filter { !Set($0.keys).isDisjoint(with: keys) }
        guard !held.isEmpty else { return order }
        state.pendingAppointments.removeAll { !Set($0.keys).isDisjoint(with: keys) }
        for appointment in held {
            guard let current = state.orders[order.id], let sch = appointment.message.segment(named: "SCH") else { continue }
            var applied = WorkflowOutcome()
            applyAppointment(appointment.message, sch: sch, to: current, at: time, outcome: &applied)
            let id = "\(appointment.message.header.messageType) control ID \(appointment.message.header.controlID)"
            if applied.code == .AA {
                outcome.inform(at: HL7ErrorLocation(segment: "ORC", field: 1), "the appointment held for this order (\(id)) was applied")
            } else {
                outcome.warn(.applicationRecordLocked, at: HL7ErrorLocation(segment: "ORC", field: 1),
                             "the appointment held for this order (\(id)) could not be applied: \(applied.issues.map(\.text).joined(separator: "; "))")
            }
        }
        return state.orders[order.id] ?? order
    }

    private mutating func applyAppointment(_ message: HL7Message, sch: HL7Segment, to found: Order, at time: String,
                                           outcome: inout WorkflowOutcome) {
        let trigger = message.header.triggerEvent
        var order = found
        let ais = message.segment(named: "AIS"), ail = message.segment(named: "AIL"), aig = message.segment(named: "AIG")
        func value(_ segment: HL7Segment?, _ field: Int, _ component: Int = 1) -> String {
            segment?.field(field)?.child(1)?.child(component)?.child(1)?.value ?? ""
        }
        let start = [value(ais, 4), value(sch, 11, 4)].first { !$0.isEmpty } ?? ""
        let event: OrderEvent = switch trigger {
        case "S14": order.state == .ordered ? .schedule : .change
        case "S15": .unschedule
        default: .schedule
        }
        do {
            try order.apply(event, cause: cause(message), at: time)
        } catch {
            let refusal = RefusedOrderChange(accessionNumber: order.accessionNumber, state: order.state, code: "SIU^\(trigger)",
                                             target: OrderStateMachine.target(of: event))
            outcome.refuse(.applicationRecordLocked, at: HL7ErrorLocation(segment: "SCH"), refusal.description)
            return
        }
        var step = order.steps.first ?? ScheduledProcedureStep(
            id: "\(order.accessionNumber)-1", description: order.procedure.text, modality: "", stationAETitle: "",
            stationName: "", location: "", startDateTime: "", performingPhysician: PersonName(), status: .scheduled)
        if event == .unschedule {
            step.startDateTime = ""
        } else {
            if !start.isEmpty { step.startDateTime = start }
            let location = value(ail, 3)
            let resource = value(aig, 3)
            if !location.isEmpty { step.location = location }
            let stationName = value(ail, 3, 8)
            step.stationName = stationName.isEmpty ? (resource.isEmpty ? location : resource) : stationName
            if let aet = stationAETitle(for: [location, resource]) { step.stationAETitle = aet }
            let modality = value(ail, 4, 2)
            if step.modality.isEmpty, !modality.isEmpty { step.modality = modality }
            if let physician = message.segment(named: "AIP") { step.performingPhysician = PersonName(xpn: physician.field(3), offset: 1) }
        }
        if order.steps.isEmpty { order.steps = [step] } else { order.steps[0] = step }
        state.orders[order.id] = order
        outcome.changedOrders.insert(order.id)
    }

    /// The configured AE title for a location or resource, else the ID itself when it is a valid
    /// AE title (1–16 characters, no backslash or control characters).
    func stationAETitle(for ids: [String]) -> String? {
        for id in ids where !id.isEmpty {
            if let mapped = configuration.stationAETitles[id] { return mapped }
        }
        return ids.first { id in
            !id.isEmpty && id.count <= 16 && id.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 && $0 != "\\" }
        }
    }
}
