import Workflow

/// Domain → FHIR R4, following the HL7 v2-to-FHIR mapping concepts: identifiers keep their
/// assigning authority as system and their v2 table 0203 type, statuses come from the order state
/// machine and the report versions, codes carry the local coding beside the standard one.
/// Pure: reads one snapshot of the workflow state.
public struct FHIRMapper: Sendable {
    public let state: WorkflowState
    public let settings: FHIRSettings

    public init(state: WorkflowState, settings: FHIRSettings = FHIRSettings()) {
        self.state = state
        self.settings = settings
    }

    static let identifierTypeNames: [String: String] = [
        "MR": "Medical record number", "ACSN": "Accession ID", "PLAC": "Placer Identifier", "FILL": "Filler Identifier",
        "PI": "Patient internal identifier", "PT": "Patient external identifier", "SS": "Social Security number",
        "NI": "National unique individual identifier", "AN": "Account number", "DL": "Driver's license number",
    ]

    static func identifierType(_ code: String) -> CodeableConcept? {
        code.isEmpty ? nil : CodeableConcept(coding: [Coding(system: FHIRSystems.identifierType, code: code,
                                                             display: identifierTypeNames[code])])
    }

    /// The `Patient/<id>` an order belongs to now (after merges).
    func patientReference(_ order: Order) -> Reference {
        Reference.to("Patient", String(state.patient(of: order)?.id ?? order.patientID))
    }

    func serviceRequestReference(_ order: Order) -> Reference { Reference.to("ServiceRequest", String(order.id)) }

    func accessionIdentifier(_ order: Order) -> Identifier {
        Identifier(use: "usual", type: Self.identifierType("ACSN"), system: settings.accessionSystem,
                   value: order.accessionNumber, assigner: settings.application)
    }

    /// OBR-4 as a CodeableConcept: the local coding, then the standard one (LOINC or RadLex).
    func procedureConcept(_ order: Order) -> CodeableConcept {
        var codings: [Coding] = []
        let local = order.procedure
        if !local.code.isEmpty {
            codings.append(Coding(system: settings.system(ofScheme: local.codingScheme), code: local.code, display: local.text))
        }
        if let standard = order.standardProcedure, !standard.code.isEmpty,
           !codings.contains(where: { $0.code == standard.code && $0.system == settings.system(ofScheme: standard.codingScheme) }) {
            codings.append(Coding(system: settings.system(ofScheme: standard.codingScheme), code: standard.code, display: standard.text))
        }
        return CodeableConcept(coding: codings, text: local.text.isEmpty ? order.standardProcedure?.text : local.text)
    }

    func coded(_ value: CodedValue) -> CodeableConcept {
        CodeableConcept(coding: value.code.isEmpty ? nil : [Coding(system: settings.system(ofScheme: value.codingScheme),
                                                                    code: value.code, display: value.text)],
                        text: value.text)
    }

    func modalityCoding(_ modality: String) -> Coding { Coding(system: FHIRSystems.dicom, code: modality) }

    /// When the order moved to `state` first (engine time, UTC).
    func time(of order: Order, reaching wanted: Set<OrderState>) -> String? {
        order.history.first { wanted.contains($0.to) }.flatMap { FHIRTime.dateTime(fromHL7: $0.at, zone: "Z") }
    }

    /// Local wall-clock time from a sender (no offset given) in the configured zone.
    func localTime(_ text: String) -> String? {
        text.isEmpty ? nil : FHIRTime.dateTime(fromHL7: text, zone: settings.localTimeZone)
    }
}
