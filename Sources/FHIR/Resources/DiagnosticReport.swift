/// `DiagnosticReport`: a radiology report; each received version (P, F, C) is a version of it.
public struct DiagnosticReport: Codable, Sendable {
    public var resourceType = "DiagnosticReport"
    public var id: String?
    public var meta: Meta?
    public var identifier: [Identifier]?
    public var basedOn: [Reference]?
    public var status: String
    public var category: [CodeableConcept]?
    public var code: CodeableConcept
    public var subject: Reference?
    public var effectiveDateTime: String?
    public var issued: String?
    public var resultsInterpreter: [Reference]?
    public var result: [Reference]?
    public var imagingStudy: [Reference]?
    public var conclusion: String?
    public var conclusionCode: [CodeableConcept]?
    public var presentedForm: [Attachment]?

    public init(id: String, status: String, code: CodeableConcept) {
        self.id = id
        self.status = status
        self.code = code
    }
}
