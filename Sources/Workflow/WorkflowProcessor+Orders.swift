import HL7

extension WorkflowProcessor {
    /// The ORC-1 codes an order message may carry, with the event each causes and the ORR^O02
    /// response code for success and for refusal.
    private static let controls: [String: (event: OrderEvent?, accepted: String, refused: String)] = [
        "NW": (.place, "OK", "UA"),
        "XO": (.change, "XR", "UX"),
        // "Changed as requested": the filler's word for a change, sent by some order entry systems.
        "XR": (.change, "XR", "UX"),
        "XX": (.change, "XR", "UX"),
        // What a filler says it did, unsolicited or as requested: the RIS is authoritative.
        "OC": (.cancel, "CR", "UC"), "CR": (.cancel, "CR", "UC"),
        "OD": (.discontinue, "DR", "UD"), "DR": (.discontinue, "DR", "UD"),
        "OH": (.hold, "OH", "UH"), "HR": (.hold, "OH", "UH"),
        "OE": (.release, "OR", "UR"), "OR": (.release, "OR", "UR"),
        "CA": (.cancel, "CR", "UC"),
        "DC": (.discontinue, "DR", "UD"),
        "HD": (.hold, "OH", "UH"),
        "RL": (.release, "OR", "UR"),
        "SC": (nil, "SC", "UA"),
    ]

    /// ORM^O01 / OML^O21: each ORDER group is applied on its own; the ORR^O02 answers each one.
    mutating func processOrders(_ message: HL7Message, at time: String) -> WorkflowOutcome {
        var outcome = WorkflowOutcome()
        var responses: [OrderResponse] = []
        var patient: Patient?
        if let pid = message.segment(named: "PID") {
            let record = patientRecord(pid, outcome: &outcome)
            if !record.identifiers.isEmpty {
                let filed = state.patients.upsert(record).patient
                fileInMPI(filed, pid: pid, at: time, outcome: &outcome)
                patient = filed
            }
        }
        let groups = message.orderGroups
        let profile = configuration.profiles.inboundProfile(for: message.header)
        if groups.isEmpty {
            // Some senders use an order message to carry a patient only: that much is applied.
            if patient != nil {
                outcome.warn(.segmentSequenceError, at: HL7ErrorLocation(segment: "ORC"),
                             "the message holds no order (ORC/OBR): only its patient (PID) was applied")
            } else {
                outcome.refuse(.segmentSequenceError, at: HL7ErrorLocation(segment: "ORC"), "the message holds no order (ORC/OBR) and no patient")
            }
        }
        for group in groups {
            let request = OrderRequest(group: group, in: message, profile: profile)
            var response = OrderResponse(request: request, code: "UA", order: nil)
            guard let control = Self.controls[request.control] else {
                let location = HL7ErrorLocation(segment: "ORC", occurrence: request.orcOccurrence, field: 1)
                if Self.otherTable0119Codes.contains(request.control) {
                    // A real order control, but no order action here (refills, links, status requests):
                    // the message is taken, this group changes nothing, and the sender is told.
                    outcome.warn(.tableValueNotFound, at: location,
                                 "order control '\(request.control)' is not applied to radiology orders (\(Self.controlCodes)): this order group changed nothing")
                } else {
                    outcome.refuse(.tableValueNotFound, at: location,
                                   "order control '\(request.control)' is not in HL7 table 0119 (applied: \(Self.controlCodes))")
                }
                responses.append(response)
                continue
            }
            do throws(OrderRefusal) {
                let order = try applyOrderGroup(request, event: control.event, patient: patient, message: message, at: time,
                                                outcome: &outcome)
                response = OrderResponse(request: request, code: control.accepted, order: order)
                outcome.changedOrders.insert(order.id)
                postChargeIfCompleted(order, at: time, into: &outcome)
            } catch {
                response.code = control.refused
                outcome.refuse(error.code, at: error.location, error.text)
            }
            responses.append(response)
        }
        outcome.response = OrderResponseBuilder(configuration: configuration, state: state)
            .orr(for: message, code: outcome.code, issues: outcome.issues, responses: responses, at: time)
        return outcome
    }

    private static let controlCodes = controls.keys.sorted().joined(separator: ", ")

    /// The rest of HL7 table 0119 (v2.8): pharmacy refills, links to care problems, replacement,
    /// number and status requests, and the filler's refusals.
    private static let otherTable0119Codes: Set<String> = [
        "AF", "CH", "CN", "DE", "DF", "FU", "LI", "MC", "NA", "OF", "OK", "OP", "PA", "PR", "PY", "RE", "RF", "RO",
        "RP", "RQ", "RR", "RU", "SN", "SR", "SS", "UA", "UC", "UD", "UF", "UH", "UM", "UN", "UR", "UX",
    ]

    /// One ORDER group by its ORC-1. What real RIS and order entry send besides the textbook is
    /// applied where its meaning is certain, with a warning: an NW repeating an order this engine
    /// has (same accession, placer number and patient) changes it; an XO/XR for an order never
    /// seen that carries its patient and procedure places it.
    private mutating func applyOrderGroup(_ request: OrderRequest, event: OrderEvent?, patient: Patient?, message: HL7Message,
                                          at time: String, outcome: inout WorkflowOutcome) throws(OrderRefusal) -> Order {
        if event == .place, let existing = repeatedOrder(request, patient: patient) {
            let order = try updateOrder(request, event: .change, message: message, at: time, outcome: &outcome)
            outcome.warn(.duplicateKeyIdentifier, at: orcLocation(request),
                         "order \(existing.accessionNumber) already exists with this placer number and patient: NW applied as a change (XO)")
            return order
        }
        if event == .place || (event == .change && findOrder(request) == nil && patient != nil && !request.procedure.isEmpty) {
            let order = try placeOrder(request, patient: patient, message: message, at: time)
            if event == .change {
                outcome.warn(.unknownKeyIdentifier, at: orcLocation(request),
                             "no order had accession '\(request.accessionNumber)' or placer number '\(request.placerNumber)': \(request.control) placed it as a new order")
            }
            return applyPendingAppointments(to: order, at: time, outcome: &outcome)
        }
        return try updateOrder(request, event: event, message: message, at: time, outcome: &outcome)
    }

    /// The order an NW names again: the same placer number and authority, the same accession
    /// (when the NW has one) and the same patient.
    private func repeatedOrder(_ request: OrderRequest, patient: Patient?) -> Order? {
        guard let patient, !request.placerNumber.isEmpty,
              let existing = request.accessionNumber.isEmpty
                ? state.order(placer: request.placerNumber, authority: request.placerAuthority)
                : state.order(accession: request.accessionNumber),
              existing.placerNumber == request.placerNumber, existing.placerAuthority == request.placerAuthority,
              state.patient(of: existing)?.id == patient.id else { return nil }
        return existing
    }

    struct OrderRefusal: Error {
        var code: HL7ErrorCode
        var location: HL7ErrorLocation?
        var text: String
    }

    private mutating func placeOrder(_ request: OrderRequest, patient: Patient?, message: HL7Message, at time: String) throws(OrderRefusal) -> Order {
        guard let patient else {
            throw OrderRefusal(code: .requiredFieldMissing, location: HL7ErrorLocation(segment: "PID", field: 3),
                               text: "a new order needs the patient (PID-3)")
        }
        guard request.obrOccurrence != nil, !request.procedure.isEmpty else {
            throw OrderRefusal(code: .requiredFieldMissing, location: HL7ErrorLocation(segment: "OBR", occurrence: request.obrOccurrence ?? 1, field: 4),
                               text: "a new order needs its requested procedure (OBR-4)")
        }
        var accession = request.accessionNumber
        let id = state.nextOrderID
        if accession.isEmpty {
            guard configuration.assignAccessionNumbers else {
                throw OrderRefusal(code: .requiredFieldMissing, location: HL7ErrorLocation(segment: "OBR", field: 3),
                                   text: "the order has no accession number (OBR-3)")
            }
            accession = configuration.accessionPrefix + String(id)
        }
        if let existing = state.order(accession: accession) {
            throw OrderRefusal(code: .duplicateKeyIdentifier, location: HL7ErrorLocation(segment: "OBR", field: 3),
                               text: "accession \(accession) already belongs to order \(existing.id)")
        }
        let studyUID = request.studyInstanceUID.isEmpty ? generatedStudyUID(orderID: id, at: time) : request.studyInstanceUID
        if state.order(studyInstanceUID: studyUID) != nil {
            throw OrderRefusal(code: .duplicateKeyIdentifier, location: HL7ErrorLocation(segment: "ZDS", field: 1),
                               text: "study instance UID \(studyUID) already belongs to another order")
        }
        var order = Order(
            id: id, patientID: patient.id, placerNumber: request.placerNumber, placerAuthority: request.placerAuthority,
            accessionNumber: accession, procedure: request.procedure,
            requestedProcedureID: request.requestedProcedureID.isEmpty ? accession : request.requestedProcedureID,
            studyInstanceUID: studyUID, referringPhysician: request.referringPhysician, reason: request.reason,
            priority: request.priority, state: .ordered, steps: [], history: [], vendorAttributes: request.vendorAttributes)
        order.history.append(OrderTransition(from: nil, to: .ordered, event: .place, cause: cause(message, "ORC-1=\(request.control)"), at: time))
        order.steps = [step(for: request, order: order, index: 1)]
        if !request.startDateTime.isEmpty {
            try? order.apply(.schedule, cause: cause(message, "timing"), at: time)
        }
        resolveStandardProcedure(&order, at: time)
        state.nextOrderID += 1
        state.insert(order)
        return order
    }

    /// XO, CA, DC, HD, RL by ORC-1; SC by the status in ORC-5, which the RIS is authoritative for.
    /// A reported status that changes nothing because the order is already past it is said (I).
    private mutating func updateOrder(_ request: OrderRequest, event: OrderEvent?, message: HL7Message, at time: String,
                                      outcome: inout WorkflowOutcome) throws(OrderRefusal) -> Order {
        guard var order = findOrder(request) else {
            throw OrderRefusal(code: .unknownKeyIdentifier, location: HL7ErrorLocation(segment: "OBR", field: 3),
                               text: "no order with accession '\(request.accessionNumber)' or placer number '\(request.placerNumber)'")
        }
        let cause = cause(message, "ORC-1=\(request.control)")
        let reported = ReportedStatus(orderStatus: request.orderStatus)
        if event == nil, reported == nil {
            throw OrderRefusal(code: .tableValueNotFound, location: orcStatusLocation(request),
                               text: "order status '\(request.orderStatus)' cannot be applied (SC, A, IP, CM, DC, CA, HD)")
        }
        var note: String?
        do throws(RefusedOrderChange) {
            if event == .change, order.state == .inProgress, request.procedure.isEmpty || request.procedure.names(order.procedure) {
                // The exam goes on: priority, reason, referrer and notes may still change, the procedure may not.
                order.history.append(OrderTransition(from: order.state, to: order.state, event: .change, cause: cause, at: time))
                note = "order \(order.accessionNumber) is in progress: its details were changed, its procedure and state kept"
            } else if let event {
                do {
                    try order.apply(event, cause: cause, at: time)
                } catch {
                    throw RefusedOrderChange(accessionNumber: order.accessionNumber, state: order.state, code: request.control,
                                             target: OrderStateMachine.target(of: event))
                }
            } else if let reported, case .unchanged(let why) = try order.apply(reported, cause: cause, at: time) {
                note = why
            }
        } catch {
            throw OrderRefusal(code: .applicationRecordLocked, location: event == nil ? orcStatusLocation(request) : orcLocation(request),
                               text: error.description)
        }
        if event == .change {
            applyChanges(request, to: &order, message: message, at: time)
            resolveStandardProcedure(&order, at: time)
        }
        syncSteps(&order)
        state.orders[order.id] = order
        if let note { outcome.inform(at: event == nil ? orcStatusLocation(request) : orcLocation(request), note) }
        return order
    }

    private func orcLocation(_ request: OrderRequest) -> HL7ErrorLocation {
        HL7ErrorLocation(segment: "ORC", occurrence: request.orcOccurrence, field: 1)
    }

    private func orcStatusLocation(_ request: OrderRequest) -> HL7ErrorLocation {
        HL7ErrorLocation(segment: "ORC", occurrence: request.orcOccurrence, field: 5)
    }

    /// XO: details change; the accession and the study instance UID never do.
    private func applyChanges(_ request: OrderRequest, to order: inout Order, message: HL7Message, at time: String) {
        if !request.procedure.isEmpty { order.procedure = request.procedure }
        if !request.reason.isEmpty { order.reason = request.reason }
        if !request.priority.isEmpty { order.priority = request.priority }
        if !request.referringPhysician.isEmpty { order.referringPhysician = request.referringPhysician }
        order.vendorAttributes.merge(request.vendorAttributes) { _, new in new }
        var step = order.steps.first ?? self.step(for: request, order: order, index: 1)
        if let station = request.vendorAttributes[.stationAETitle] { step.stationAETitle = station }
        if let name = request.vendorAttributes[.stationName] { step.stationName = name }
        if !request.modality.isEmpty { step.modality = request.modality }
        if !request.startDateTime.isEmpty { step.startDateTime = request.startDateTime }
        step.description = order.procedure.text
        order.steps[0...0] = [step]
        if order.state == .ordered, !step.startDateTime.isEmpty {
            try? order.apply(.schedule, cause: cause(message, "timing"), at: time)
        }
    }

    func findOrder(_ request: OrderRequest) -> Order? {
        if !request.accessionNumber.isEmpty, let order = state.order(accession: request.accessionNumber) { return order }
        if !request.placerNumber.isEmpty { return state.order(placer: request.placerNumber, authority: request.placerAuthority) }
        return nil
    }

    func step(for request: OrderRequest, order: Order, index: Int) -> ScheduledProcedureStep {
        ScheduledProcedureStep(
            id: request.stepID.isEmpty ? "\(order.accessionNumber)-\(index)" : request.stepID,
            description: order.procedure.text, modality: request.modality,
            stationAETitle: request.vendorAttributes[.stationAETitle] ?? "", stationName: request.vendorAttributes[.stationName] ?? "",
            location: "", startDateTime: request.startDateTime, performingPhysician: PersonName(), status: .scheduled)
    }

    /// Steps follow the order: finished orders take their steps off the worklist.
    func syncSteps(_ order: inout Order) {
        let status: ScheduledProcedureStep.Status? = switch order.state {
        case .inProgress: .started
        case .completed, .preliminary, .final: .completed
        case .cancelled, .discontinued: .discontinued
        default: nil
        }
        guard let status else { return }
        for k in order.steps.indices where order.steps[k].status != .completed { order.steps[k].status = status }
    }

    /// `<root>.1.<order id>.<time>`: unique per order and per store, within 64 characters.
    func generatedStudyUID(orderID: Int, at time: String) -> String {
        let digits = time.filter(\.isNumber)
        return String("\(configuration.uidRoot).1.\(orderID).\(digits.isEmpty ? "0" : digits)".prefix(64))
    }
}

/// One ORC of an ORR^O02.
struct OrderResponse {
    var request: OrderRequest
    var code: String
    var order: Order?
}
