/// The search parameters of each resource type (R4 names and types).
extension Patient: FHIRResource {
    public static let resourceType = "Patient"
    public var resourceID: String { id ?? "" }
    public var anyResource: AnyResource { .patient(self) }
    public var subjectPatientID: String? { id }
    public static var includes: [String] { [] }
    public static func searchParameters(zone: String) -> [SearchParameter<Patient>] {
        typealias P = SearchParameter<Patient>
        let table: [P] = [
            P("identifier", .token, "A patient identifier (system|value; the MRN's system names its assigning authority)") {
                SearchTarget.identifiers($0.identifier)
            },
            P("name", .string, "Any part of the name (family, given, prefix, suffix)") { SearchTarget.strings($0.nameParts) },
            P("family", .string, "The family name") { SearchTarget.strings(($0.name ?? []).compactMap(\.family)) },
            P("given", .string, "A given name") { SearchTarget.strings(($0.name ?? []).flatMap { $0.given ?? [] }) },
            P("birthdate", .date, "The date of birth") { SearchTarget.date($0.birthDate, zone: zone) },
            P("gender", .token, "administrative-gender") { SearchTarget.code($0.gender) },
            P("active", .token, "false for records merged into another") { SearchTarget.code($0.active.map(String.init)) },
        ]
        return table
    }
}

extension ServiceRequest: FHIRResource {
    public static let resourceType = "ServiceRequest"
    public var resourceID: String { id ?? "" }
    public var anyResource: AnyResource { .serviceRequest(self) }
    public var subjectPatientID: String? { subject?.patientID }
    public static func searchParameters(zone: String) -> [SearchParameter<ServiceRequest>] {
        typealias P = SearchParameter<ServiceRequest>
        let table: [P] = [
            P("identifier", .token, "Placer number or accession number (type ACSN)") { SearchTarget.identifiers($0.identifier) },
            P("patient", .reference, "The patient (Patient/<id>)") { SearchTarget.reference($0.subject) },
            P("subject", .reference, "The patient (Patient/<id>)") { SearchTarget.reference($0.subject) },
            P("status", .token, "request-status from the order state") { SearchTarget.code($0.status) },
            P("intent", .token, "Always order") { SearchTarget.code($0.intent) },
            P("priority", .token, "request-priority") { SearchTarget.code($0.priority) },
            P("code", .token, "The procedure, local or standard (LOINC, RadLex) coding") { SearchTarget.concept($0.code) },
            P("authored", .date, "When the order was placed") { SearchTarget.date($0.authoredOn, zone: zone) },
            P("occurrence", .date, "The scheduled start") { SearchTarget.date($0.occurrenceDateTime, zone: zone) },
        ]
        return table
    }
}

extension ImagingStudy: FHIRResource {
    public static let resourceType = "ImagingStudy"
    public var resourceID: String { id ?? "" }
    public var anyResource: AnyResource { .imagingStudy(self) }
    public var subjectPatientID: String? { subject.patientID }
    public static func searchParameters(zone: String) -> [SearchParameter<ImagingStudy>] {
        typealias P = SearchParameter<ImagingStudy>
        let table: [P] = [
            P("identifier", .token, "Study instance UID (urn:dicom:uid|urn:oid:<uid>) or accession number") {
                SearchTarget.identifiers($0.identifier)
            },
            P("patient", .reference, "The patient (Patient/<id>)") { SearchTarget.reference($0.subject) },
            P("subject", .reference, "The patient (Patient/<id>)") { SearchTarget.reference($0.subject) },
            P("modality", .token, "A DICOM modality of the study's series (or of the scheduled step)") { s in
                let series = (s.series ?? []).map(\.modality)
                return ((s.modality ?? []) + series).compactMap { (c: Coding) -> SearchTarget? in c.code.map { SearchTarget.token(system: c.system, code: $0) } }
            },
            P("started", .date, "When the procedure started") { SearchTarget.date($0.started, zone: zone) },
            P("basedon", .reference, "The order (ServiceRequest/<id>)") { s in SearchTarget.references(s.basedOn) },
            P("status", .token, "imagingstudy-status") { SearchTarget.code($0.status) },
        ]
        return table
    }
}

extension DiagnosticReport: FHIRResource {
    public static let resourceType = "DiagnosticReport"
    public var resourceID: String { id ?? "" }
    public var anyResource: AnyResource { .diagnosticReport(self) }
    public var subjectPatientID: String? { subject?.patientID }
    public static func searchParameters(zone: String) -> [SearchParameter<DiagnosticReport>] {
        typealias P = SearchParameter<DiagnosticReport>
        let table: [P] = [
            P("identifier", .token, "The accession number") { SearchTarget.identifiers($0.identifier) },
            P("patient", .reference, "The patient (Patient/<id>)") { SearchTarget.reference($0.subject) },
            P("subject", .reference, "The patient (Patient/<id>)") { SearchTarget.reference($0.subject) },
            P("status", .token, "diagnostic-report-status of the current version") { SearchTarget.code($0.status) },
            P("based-on", .reference, "The order (ServiceRequest/<id>)") { r in SearchTarget.references(r.basedOn) },
            P("conclusion", .token, "A coded finding of the impression or findings") { r in
                SearchTarget.concepts(r.conclusionCode)
            },
            P("code", .token, "The procedure reported") { SearchTarget.concept($0.code) },
            P("issued", .date, "When the current version was received") { SearchTarget.date($0.issued, zone: zone) },
        ]
        return table
    }
}

extension Observation: FHIRResource {
    public static let resourceType = "Observation"
    public var resourceID: String { id ?? "" }
    public var anyResource: AnyResource { .observation(self) }
    public var subjectPatientID: String? { subject?.patientID }
    public static func searchParameters(zone: String) -> [SearchParameter<Observation>] {
        typealias P = SearchParameter<Observation>
        let table: [P] = [
            P("identifier", .token, "The accession number") { SearchTarget.identifiers($0.identifier) },
            P("patient", .reference, "The patient (Patient/<id>)") { SearchTarget.reference($0.subject) },
            P("subject", .reference, "The patient (Patient/<id>)") { SearchTarget.reference($0.subject) },
            P("status", .token, "observation-status") { SearchTarget.code($0.status) },
            P("based-on", .reference, "The order (ServiceRequest/<id>)") { o in SearchTarget.references(o.basedOn) },
            P("code", .token, "A critical finding code") { SearchTarget.concept($0.code) },
            P("category", .token, "Always imaging") { o in SearchTarget.concepts(o.category) },
        ]
        return table
    }
}

extension Appointment: FHIRResource {
    public static let resourceType = "Appointment"
    public var resourceID: String { id ?? "" }
    public var anyResource: AnyResource { .appointment(self) }
    public var subjectPatientID: String? { participant.compactMap { $0.actor?.patientID }.first }
    public static var includes: [String] { ["Appointment:patient", "Appointment:actor"] }
    public static func searchParameters(zone: String) -> [SearchParameter<Appointment>] {
        typealias P = SearchParameter<Appointment>
        let table: [P] = [
            P("identifier", .token, "The scheduled procedure step ID") { SearchTarget.identifiers($0.identifier) },
            P("patient", .reference, "The patient (Patient/<id>)") { a in SearchTarget.references(a.participant.compactMap(\.actor)) },
            P("status", .token, "appointmentstatus") { SearchTarget.code($0.status) },
            P("date", .date, "The scheduled start") { SearchTarget.date($0.start, zone: zone) },
            P("based-on", .reference, "The order (ServiceRequest/<id>)") { a in SearchTarget.references(a.basedOn) },
            P("service-type", .token, "The DICOM modality of the step") { a in SearchTarget.concepts(a.serviceType) },
        ]
        return table
    }
}

extension Patient {
    var nameParts: [String] {
        var parts: [String] = []
        for name in self.name ?? [] {
            if let family = name.family { parts.append(family) }
            parts += (name.given ?? []) + (name.prefix ?? []) + (name.suffix ?? [])
        }
        return parts
    }
}
