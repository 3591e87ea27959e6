import Workflow

/// What a ServiceRequest says about the procedure: OBR-4 (local coding, standard as the
/// alternate), OBR-24 modality, the scheduled start and priority (ORC-7/OBR-27), the requester
/// (ORC-12/OBR-16) and the reason (OBR-31).
struct OrderDetails {
    var procedure: CodedValue
    var alternate: CodedValue?
    var modality: String?
    var start: String?
    var priority: String?
    var requester: PersonName?
    var reason: String?

    /// The procedure's local coding is the first coding outside LOINC and RadLex; without one, the
    /// first coding is sent as it is (the terminology then recognises the standard code).
    init(_ request: ServiceRequest, settings: FHIRSettings) throws(FHIRError) {
        let codings = (request.code?.coding ?? []).filter { !($0.code ?? "").isEmpty }
        let standardSystems = [FHIRSystems.loinc, FHIRSystems.radLex]
        let local = codings.first { !standardSystems.contains($0.system ?? "") } ?? codings.first
        let text = request.code?.text ?? local?.display ?? ""
        procedure = CodedValue(code: local?.code ?? "", text: text.isEmpty ? (local?.code ?? "") : text,
                               codingScheme: local == nil ? "" : settings.scheme(ofSystem: local?.system))
        if let standard = codings.first(where: { standardSystems.contains($0.system ?? "") && $0.code != local?.code }) {
            alternate = CodedValue(code: standard.code ?? "", text: standard.display ?? "", codingScheme: settings.scheme(ofSystem: standard.system))
        }
        let dicomCodings = ((request.orderDetail ?? []) + (request.category ?? [])).flatMap { $0.coding ?? [] }
            .filter { $0.system == FHIRSystems.dicom }
        modality = dicomCodings.first?.code
        if modality == nil {
            for coding in codings {
                if let concept = ProcedureTerminology.standard.concept(code: coding.code ?? "") {
                    modality = concept.modality
                    break
                }
            }
        }
        if let modality, modality.isEmpty || modality.count > 16 || !modality.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) {
            throw .invalid("'\(modality)' is not a DICOM modality", expression: "ServiceRequest.orderDetail")
        }
        if let occurrence = request.occurrenceDateTime {
            guard let value = FHIRTime.hl7(fromFHIR: occurrence, zone: settings.localTimeZone) else {
                throw .invalid("occurrenceDateTime '\(occurrence)' is not a FHIR dateTime", expression: "ServiceRequest.occurrenceDateTime")
            }
            start = value
        }
        if let priority = request.priority {
            guard ["routine", "urgent", "asap", "stat"].contains(priority) else {
                throw .invalid("priority must be routine, urgent, asap or stat (got '\(priority)')", expression: "ServiceRequest.priority")
            }
            self.priority = FHIRMapper.priorityCode(priority)
        }
        if let display = request.requester?.display, !display.isEmpty { requester = PersonName(family: display) }
        reason = request.reasonCode?.compactMap { $0.text ?? $0.coding?.first?.display }.first
    }

    /// The order's own details (for CA, HD, RL).
    init(order: Order) {
        procedure = order.procedure
        alternate = order.standardProcedure
    }

    var procedureComponents: [String?] {
        var components: [String?] = [procedure.code, procedure.text, procedure.codingScheme]
        if let alternate { components += [alternate.code, alternate.text, alternate.codingScheme] }
        return components
    }
}
