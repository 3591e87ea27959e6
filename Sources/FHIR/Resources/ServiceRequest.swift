/// `ServiceRequest`: an imaging order. The same type is read from clients (`POST`, `PUT`), which
/// may contain the subject `Patient`.
public struct ServiceRequest: Codable, Sendable {
    public var resourceType = "ServiceRequest"
    public var id: String?
    public var meta: Meta?
    public var contained: [Patient]?
    public var identifier: [Identifier]?
    public var status: String?
    public var intent: String?
    public var category: [CodeableConcept]?
    public var priority: String?
    public var code: CodeableConcept?
    public var orderDetail: [CodeableConcept]?
    public var subject: Reference?
    public var occurrenceDateTime: String?
    public var authoredOn: String?
    public var requester: Reference?
    public var reasonCode: [CodeableConcept]?
    public var note: [Annotation]?

    public init() {}
}
