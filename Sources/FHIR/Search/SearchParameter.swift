/// A value of a resource that a search parameter compares against.
public enum SearchTarget: Sendable {
    case token(system: String?, code: String)
    case string(String)
    /// The seconds (UTC) the value covers.
    case date(ClosedRange<Int64>)
    case reference(type: String, id: String)
}

/// One search parameter of a resource type: its name and FHIR type (as the CapabilityStatement
/// lists it) and how to read the values it compares from a resource.
public enum SearchParameterKind: String, Sendable { case token, string, date, reference }

public struct SearchParameter<Resource>: Sendable {
    public typealias Kind = SearchParameterKind

    public let name: String
    public let kind: Kind
    public let documentation: String
    let values: @Sendable (Resource) -> [SearchTarget]

    init(_ name: String, _ kind: Kind, _ documentation: String, _ values: @escaping @Sendable (Resource) -> [SearchTarget]) {
        self.name = name
        self.kind = kind
        self.documentation = documentation
        self.values = values
    }

    /// Modifiers this parameter understands (anything else is an unknown parameter).
    var modifiers: Set<String> {
        switch kind {
        case .string: ["exact", "contains"]
        case .token: ["not"]
        case .reference: ["Patient", "ServiceRequest", "ImagingStudy"]
        case .date: []
        }
    }
}

extension SearchTarget {
    static func identifiers(_ identifiers: [Identifier]?) -> [SearchTarget] {
        (identifiers ?? []).compactMap { id in id.value.map { .token(system: id.system, code: $0) } }
    }

    static func concept(_ concept: CodeableConcept?) -> [SearchTarget] {
        (concept?.coding ?? []).compactMap { c in c.code.map { .token(system: c.system, code: $0) } }
    }

    static func code(_ code: String?) -> [SearchTarget] { code.map { [.token(system: nil, code: $0)] } ?? [] }

    static func reference(_ reference: Reference?) -> [SearchTarget] {
        reference?.target.map { [.reference(type: $0.type, id: $0.id)] } ?? []
    }

    static func strings(_ values: [String]) -> [SearchTarget] { values.map { SearchTarget.string($0) } }

    static func references(_ references: [Reference]?) -> [SearchTarget] {
        (references ?? []).flatMap { reference($0) }
    }

    static func concepts(_ concepts: [CodeableConcept]?) -> [SearchTarget] {
        (concepts ?? []).flatMap { concept($0) }
    }

    static func date(_ text: String?, zone: String) -> [SearchTarget] {
        text.flatMap { FHIRTime.range($0, zone: zone) }.map { [.date($0)] } ?? []
    }
}
