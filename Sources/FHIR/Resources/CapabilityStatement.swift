/// `CapabilityStatement` (`GET /fhir/metadata`), built from the same tables search and the
/// routes use, so it lists what the server really does.
public struct CapabilityStatement: Encodable, Sendable {
    public var resourceType = "CapabilityStatement"
    public var status = "active"
    public var date: String
    public var publisher = "RadBridge"
    public var kind = "instance"
    public var software: Software
    public var implementation: Implementation
    public var fhirVersion = "4.0.1"
    public var format = ["application/fhir+json", "json"]
    public var rest: [Rest]

    public struct Software: Encodable, Sendable { public var name: String }
    public struct Implementation: Encodable, Sendable { public var description: String; public var url: String }

    public struct Rest: Encodable, Sendable {
        public var mode = "server"
        public var documentation: String
        public var resource: [Resource]
    }

    public struct Resource: Encodable, Sendable {
        public var type: String
        public var documentation: String?
        public var interaction: [Interaction]
        public var versioning: String
        public var readHistory: Bool
        public var updateCreate: Bool
        public var searchInclude: [String]?
        public var searchParam: [SearchParam]
    }

    public struct Interaction: Encodable, Sendable { public var code: String }

    public struct SearchParam: Encodable, Sendable {
        public var name: String
        public var type: String
        public var documentation: String
    }

    /// `date` is the server's start (a FHIR dateTime); `base` its `/fhir` URL.
    public static func make(base: String, date: String) -> CapabilityStatement {
        func resource<R: FHIRResource>(_ type: R.Type, interactions: [String], versioning: String = "no-version",
                                       readHistory: Bool = false, documentation: String? = nil) -> Resource {
            let params = (R.searchParameters(zone: "Z") + [SearchParameter<R>("_id", .token, "The logical id") { _ in [] }])
                .map { SearchParam(name: $0.name, type: $0.kind.rawValue, documentation: $0.documentation) }
            return Resource(type: R.resourceType, documentation: documentation, interaction: interactions.map(Interaction.init),
                            versioning: versioning, readHistory: readHistory, updateCreate: false,
                            searchInclude: R.includes.isEmpty ? nil : R.includes, searchParam: params)
        }
        let resources = [
            resource(Patient.self, interactions: ["read", "search-type"],
                     documentation: "The master patient index; a merged record is inactive and replaced-by the survivor"),
            resource(ServiceRequest.self, interactions: ["read", "search-type", "create", "update"],
                     documentation: "Imaging orders. create places an order as ORM^O01 NW does (the subject Patient by reference or contained); update with status revoked cancels it (ORC-1 CA), on-hold holds it, active releases or changes it"),
            resource(ImagingStudy.self, interactions: ["read", "search-type"],
                     documentation: "One per order (registered until images arrive) and per received study; id is the study instance UID"),
            resource(DiagnosticReport.self, interactions: ["read", "vread", "search-type"], versioning: "versioned", readHistory: true,
                     documentation: "Radiology reports; each received version (P, F, C) is a version (vread /_history/n)"),
            resource(Observation.self, interactions: ["read", "search-type"], documentation: "Critical results and their notification state"),
            resource(Appointment.self, interactions: ["read", "search-type"], documentation: "Scheduled procedure steps; id <order>-<step>"),
        ]
        return CapabilityStatement(
            date: date, software: Software(name: "RadBridge"),
            implementation: Implementation(description: "RadBridge radiology integration engine", url: base),
            rest: [Rest(documentation: "Search parameters: _count (default \(FHIRSearch.defaultCount), at most \(FHIRSearch.maximumCount)) and _offset page the results; unknown parameters are ignored unless Prefer: handling=strict", resource: resources)])
    }
}
