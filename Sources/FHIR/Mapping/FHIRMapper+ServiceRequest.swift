import Workflow

extension FHIRMapper {
    public var serviceRequests: [ServiceRequest] {
        state.orders.values.sorted { $0.id < $1.id }.map(serviceRequest)
    }

    public func serviceRequest(id: String) -> ServiceRequest? {
        Int(id).flatMap { state.orders[$0] }.map(serviceRequest)
    }

    public func serviceRequest(_ order: Order) -> ServiceRequest {
        var r = ServiceRequest()
        r.id = String(order.id)
        var identifiers: [Identifier] = []
        if !order.placerNumber.isEmpty {
            identifiers.append(Identifier(type: Self.identifierType("PLAC"), system: settings.placerSystem(authority: order.placerAuthority),
                                          value: order.placerNumber, assigner: order.placerAuthority))
        }
        identifiers.append(accessionIdentifier(order))
        r.identifier = identifiers
        r.status = Self.requestStatus(order.state)
        r.intent = "order"
        r.category = [CodeableConcept(coding: [Coding(system: FHIRSystems.snomed, code: "363679005", display: "Imaging")])]
        r.priority = Self.priority(order.priority)
        r.code = procedureConcept(order)
        let modalities = Set(order.steps.map(\.modality).filter { !$0.isEmpty }).sorted()
        if !modalities.isEmpty {
            r.orderDetail = [CodeableConcept(coding: modalities.map(modalityCoding), text: "modality")]
        }
        r.subject = patientReference(order)
        r.occurrenceDateTime = order.steps.first.flatMap { localTime($0.startDateTime) }
        r.authoredOn = order.history.first.flatMap { FHIRTime.dateTime(fromHL7: $0.at, zone: "Z") }
        if let name = HumanName(order.referringPhysician) { r.requester = Reference(display: name.displayText) }
        if !order.reason.isEmpty { r.reasonCode = [CodeableConcept(text: order.reason)] }
        return r
    }

    /// The order state machine → request-status.
    public static func requestStatus(_ state: OrderState) -> String {
        switch state {
        case .ordered, .scheduled, .arrived, .inProgress: "active"
        case .held: "on-hold"
        case .completed, .preliminary, .final: "completed"
        case .cancelled, .discontinued: "revoked"
        }
    }

    /// ORC-7.6 / TQ1-9 (HL7 table 0027) → request-priority.
    static func priority(_ code: String) -> String? {
        switch code.uppercased() {
        case "S": "stat"
        case "A": "asap"
        case "R": "routine"
        case "T": "urgent"
        case "": nil
        default: "routine"
        }
    }

    static func priorityCode(_ priority: String?) -> String {
        switch priority {
        case "stat": "S"
        case "asap", "urgent": "A"
        case "routine": "R"
        default: ""
        }
    }
}
