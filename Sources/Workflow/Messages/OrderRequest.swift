import HL7

/// What one ORDER group of an ORM^O01 / OML^O21 asks for.
struct OrderRequest {
    var control: String
    var orderStatus: String
    var placerNumber: String
    var placerAuthority: String
    var accessionNumber: String
    var procedure: CodedValue
    var requestedProcedureID: String
    var stepID: String
    var modality: String
    var startDateTime: String
    var priority: String
    var referringPhysician: PersonName
    var reason: String
    var studyInstanceUID: String
    /// What the sender's interface profile carries in its fields (station, routes, priors, …).
    var vendorAttributes: [DomainAttribute: String]
    /// Where problems in this group are reported (the ORC, or the OBR when there is no ORC).
    var orcOccurrence: Int
    var obrOccurrence: Int?

    init(group: HL7OrderGroup, in message: HL7Message, profile: InterfaceProfile? = nil) {
        let orc = group.orc, obr = group.obr
        func first(_ element: HL7Element?) -> String { element?.firstValue ?? "" }
        func component(_ element: HL7Element?, _ n: Int) -> String { element?.child(1)?.child(n)?.child(1)?.value ?? "" }
        func nonEmpty(_ values: String...) -> String { values.first { !$0.isEmpty && $0 != "\"\"" } ?? "" }
        let tq1 = group.segments.first { $0.name == "TQ1" }
        let zds = group.segments.first { $0.name == "ZDS" }

        control = first(orc?.field(1))
        orderStatus = first(orc?.field(5))
        placerNumber = nonEmpty(first(orc?.field(2)), first(obr?.field(2)))
        placerAuthority = nonEmpty(component(orc?.field(2), 2), component(obr?.field(2), 2))
        accessionNumber = profile?.accessionNumber(of: group)
            ?? nonEmpty(first(obr?.field(3)), first(orc?.field(3)), first(obr?.field(18)))
        procedure = CodedValue(element: obr?.field(4))
        requestedProcedureID = first(obr?.field(19))
        stepID = first(obr?.field(20))
        modality = first(obr?.field(24))
        startDateTime = nonEmpty(first(tq1?.field(7)), component(obr?.field(27), 4), component(orc?.field(7), 4))
        priority = nonEmpty(first(tq1?.field(9)), component(obr?.field(27), 6), component(orc?.field(7), 6))
        referringPhysician = PersonName(xpn: obr?.field(16) ?? orc?.field(12), offset: 1)
        reason = nonEmpty(component(obr?.field(31), 2), first(obr?.field(31)), component(orc?.field(16), 2), first(orc?.field(16)))
        vendorAttributes = profile?.attributes(of: group, in: message) ?? [:]
        // With a profile only its declared fields count; without one, ZDS-1 is read as GE and IHE senders use it.
        studyInstanceUID = profile == nil ? first(zds?.field(1)) : vendorAttributes[.studyInstanceUID] ?? ""
        orcOccurrence = orc.map { Self.occurrence(of: $0, in: message) } ?? 1
        obrOccurrence = obr.map { Self.occurrence(of: $0, in: message) }
    }

    static func occurrence(of segment: HL7Segment, in message: HL7Message) -> Int {
        message.segments(named: segment.name).firstIndex { $0.position == segment.position }.map { $0 + 1 } ?? 1
    }
}

extension PatientRecord {
    /// From a PID segment.
    init(pid: HL7Segment) {
        identifiers = PatientIdentifier.all(in: pid.field(3))
        name = PersonName(xpn: pid.field(5))
        birthDate = String((pid.field(7)?.firstValue ?? "").prefix(8))
        sex = pid.field(8)?.firstValue ?? ""
    }
}
