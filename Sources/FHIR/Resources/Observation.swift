/// `Observation`: a critical finding of a report, with the state of its notification loop.
public struct Observation: Codable, Sendable {
    public var resourceType = "Observation"
    public var id: String?
    public var identifier: [Identifier]?
    public var basedOn: [Reference]?
    public var status: String
    public var category: [CodeableConcept]?
    public var code: CodeableConcept
    public var subject: Reference?
    public var effectiveDateTime: String?
    public var issued: String?
    public var valueString: String?
    public var interpretation: [CodeableConcept]?
    public var note: [Annotation]?
    public var derivedFrom: [Reference]?

    public init(id: String, status: String, code: CodeableConcept) {
        self.id = id
        self.status = status
        self.code = code
    }
}
