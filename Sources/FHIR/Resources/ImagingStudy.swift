/// `ImagingStudy`: a DICOM study, ordered or received.
public struct ImagingStudy: Codable, Sendable {
    public var resourceType = "ImagingStudy"
    public var id: String?
    public var identifier: [Identifier]?
    public var status: String
    public var modality: [Coding]?
    public var subject: Reference
    public var started: String?
    public var basedOn: [Reference]?
    public var numberOfSeries: Int?
    public var numberOfInstances: Int?
    public var procedureCode: [CodeableConcept]?
    public var description: String?
    public var note: [Annotation]?
    public var series: [Series]?

    public struct Series: Codable, Sendable {
        public var uid: String
        public var modality: Coding
        public var numberOfInstances: Int?
        public var instance: [Instance]?
    }

    public struct Instance: Codable, Sendable {
        public var uid: String
        public var sopClass: Coding
    }

    public init(id: String, status: String, subject: Reference) {
        self.id = id
        self.status = status
        self.subject = subject
    }
}
