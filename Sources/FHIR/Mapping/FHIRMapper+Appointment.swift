import Workflow

extension FHIRMapper {
    public var appointments: [Appointment] {
        state.orders.values.sorted { $0.id < $1.id }.flatMap { order in
            order.steps.indices.map { appointment(order: order, step: $0) }
        }
    }

    /// `<order id>-<step number>`.
    public func appointment(id: String) -> Appointment? {
        let parts = id.split(separator: "-")
        guard parts.count == 2, let orderID = Int(parts[0]), let number = Int(parts[1]), let order = state.orders[orderID],
              order.steps.indices.contains(number - 1) else { return nil }
        return appointment(order: order, step: number - 1)
    }

    /// A scheduled procedure step. Its status follows the order state and the step; a step without
    /// a scheduled time is `proposed` while open (FHIR allows no start only then), one performed
    /// without a scheduled time starts when the procedure did. The end is not known: it equals the start.
    func appointment(order: Order, step index: Int) -> Appointment {
        let step = order.steps[index]
        let performed: Set<OrderState> = [.completed, .preliminary, .final]
        let status: String
        if step.status == .discontinued || order.state == .cancelled || order.state == .discontinued {
            status = "cancelled"
        } else if step.status == .completed || performed.contains(order.state) {
            status = "fulfilled"
        } else if step.status == .started || order.state == .inProgress || order.state == .arrived {
            status = "arrived"
        } else if order.state == .held {
            status = "pending"
        } else {
            status = "booked"
        }
        let start = localTime(step.startDateTime).flatMap { $0.contains("T") ? $0 : nil }
            ?? (["booked", "pending"].contains(status) ? nil
                : time(of: order, reaching: [.inProgress]) ?? time(of: order, reaching: performed.union([.arrived])))
        let resolved = start == nil && status != "cancelled" ? "proposed" : status
        var participants = [Appointment.Participant(actor: patientReference(order), status: "accepted")]
        if !step.stationAETitle.isEmpty {
            participants.append(Appointment.Participant(actor: Reference(type: "Device", display: step.stationAETitle), status: "accepted"))
        }
        if !step.location.isEmpty {
            participants.append(Appointment.Participant(actor: Reference(type: "Location", display: step.location), status: "accepted"))
        }
        var a = Appointment(id: "\(order.id)-\(index + 1)", status: resolved, participant: participants)
        a.identifier = [Identifier(system: settings.scheduledStepSystem, value: step.id)]
        if !step.modality.isEmpty { a.serviceType = [CodeableConcept(coding: [modalityCoding(step.modality)])] }
        a.description = step.description.isEmpty ? nil : step.description
        a.start = start
        a.end = start
        a.basedOn = [serviceRequestReference(order)]
        return a
    }
}
