/// What search needs of every resource type it serves.
public protocol FHIRResource: Sendable {
    static var resourceType: String { get }
    var resourceID: String { get }
    var anyResource: AnyResource { get }
    /// The `Patient` id of the subject, for `_include=<Type>:patient`.
    var subjectPatientID: String? { get }
    /// The search parameters of the type (dates without a zone are in `zone`).
    static func searchParameters(zone: String) -> [SearchParameter<Self>]
    /// The `_include` values understood (`ServiceRequest:patient`).
    static var includes: [String] { get }
}

extension FHIRResource {
    public static var includes: [String] { [resourceType + ":patient", resourceType + ":subject"] }
}

extension Reference {
    var patientID: String? { target.flatMap { $0.type == "Patient" ? $0.id : nil } }
}
