import Workflow

extension FHIRMapper {
    public var observations: [Observation] {
        state.criticalResults.values.sorted { $0.id < $1.id }.compactMap(observation)
    }

    public func observation(id: String) -> Observation? {
        Int(id).flatMap { state.criticalResults[$0] }.flatMap(observation)
    }

    /// A critical result: the finding (why it is critical), its flags as interpretation, and where
    /// its notification loop stands as a note.
    public func observation(_ critical: CriticalResult) -> Observation? {
        guard let order = state.orders[critical.orderID] else { return nil }
        let report = state.reports[critical.reportID]
        let version = report?.current
        let status = version.map { Self.reportStatus($0.status) } ?? "final"
        var o = Observation(id: String(critical.id), status: status == "cancelled" ? "cancelled" : status,
                            code: CodeableConcept(text: "Critical result"))
        o.identifier = [accessionIdentifier(order)]
        o.basedOn = [serviceRequestReference(order)]
        o.category = [CodeableConcept(coding: [Coding(system: FHIRSystems.observationCategory, code: "imaging", display: "Imaging")])]
        let findingCodes = (version?.sections ?? []).flatMap(\.codes).filter { $0.code.uppercased() != "Y" && $0.code.uppercased() != "YES" }
        if !findingCodes.isEmpty {
            o.code = CodeableConcept(coding: findingCodes.map { coded($0).coding ?? [] }.flatMap { $0 }, text: "Critical result")
        }
        o.subject = patientReference(order)
        o.effectiveDateTime = version.flatMap { localTime($0.observedAt) }
        o.issued = critical.history.first.flatMap { FHIRTime.instant(fromHL7: $0.at, zone: "Z") }
        o.valueString = critical.reasons.joined(separator: "; ")
        let flags = (version?.abnormalFlags ?? []).filter { ["AA", "HH", "LL"].contains($0) }
        o.interpretation = [CodeableConcept(coding: (flags.isEmpty ? ["AA"] : Array(Set(flags)).sorted()).map {
            Coding(system: FHIRSystems.observationInterpretation, code: $0, display: Self.interpretationNames[$0])
        })]
        o.note = [Annotation(text: "notification \(critical.state.rawValue); contact \(critical.contact)")]
        o.derivedFrom = [Reference.to("ImagingStudy", studyUID(of: order))]
        return o
    }

    static let interpretationNames = ["AA": "Critical abnormal", "HH": "Critical high", "LL": "Critical low"]
}
