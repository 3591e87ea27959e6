/// Any resource the server returns inside a Bundle.
public enum AnyResource: Encodable, Sendable {
    case patient(Patient), serviceRequest(ServiceRequest), imagingStudy(ImagingStudy)
    case diagnosticReport(DiagnosticReport), observation(Observation), appointment(Appointment)
    case operationOutcome(OperationOutcome)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .patient(let r): try r.encode(to: encoder)
        case .serviceRequest(let r): try r.encode(to: encoder)
        case .imagingStudy(let r): try r.encode(to: encoder)
        case .diagnosticReport(let r): try r.encode(to: encoder)
        case .observation(let r): try r.encode(to: encoder)
        case .appointment(let r): try r.encode(to: encoder)
        case .operationOutcome(let r): try r.encode(to: encoder)
        }
    }

    public var resourceType: String {
        switch self {
        case .patient: "Patient"
        case .serviceRequest: "ServiceRequest"
        case .imagingStudy: "ImagingStudy"
        case .diagnosticReport: "DiagnosticReport"
        case .observation: "Observation"
        case .appointment: "Appointment"
        case .operationOutcome: "OperationOutcome"
        }
    }

    public var id: String? {
        switch self {
        case .patient(let r): r.id
        case .serviceRequest(let r): r.id
        case .imagingStudy(let r): r.id
        case .diagnosticReport(let r): r.id
        case .observation(let r): r.id
        case .appointment(let r): r.id
        case .operationOutcome: nil
        }
    }
}

/// `Bundle` of type `searchset`: the matches, the included resources and the paging links.
public struct FHIRBundle: Encodable, Sendable {
    public var resourceType = "Bundle"
    public var type = "searchset"
    public var total: Int?
    public var link: [Link]?
    public var entry: [Entry]?

    public struct Link: Encodable, Sendable {
        public var relation: String
        public var url: String
    }

    public struct Entry: Encodable, Sendable {
        public var fullUrl: String?
        public var resource: AnyResource
        public var search: Search?
    }

    /// match | include | outcome
    public struct Search: Encodable, Sendable {
        public var mode: String
    }

    public init(total: Int?, link: [Link], entry: [Entry]) {
        self.total = total
        self.link = link.isEmpty ? nil : link
        self.entry = entry.isEmpty ? nil : entry
    }
}
