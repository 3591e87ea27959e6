/// A patient as the master patient index knows them.
public struct Patient: Sendable, Codable, Identifiable {
    public let id: Int
    public var identifiers: [PatientIdentifier]
    public var name: PersonName
    /// DICOM DA / HL7 DT: `YYYYMMDD`.
    public var birthDate: String
    /// HL7 table 0001 / DICOM: F, M, O, U …
    public var sex: String
    /// Set when an ADT^A40/A18 merged this record into another; the survivor answers for it.
    public var mergedInto: Int?

    /// The identifier DICOM sees as (0010,0020)/(0010,0021).
    public var primaryIdentifier: PatientIdentifier? { PatientIdentifier.primary(of: identifiers) }
}

/// The demographic content of a PID segment.
public struct PatientRecord: Sendable {
    public var identifiers: [PatientIdentifier]
    public var name: PersonName
    public var birthDate: String
    public var sex: String

    public init(identifiers: [PatientIdentifier], name: PersonName, birthDate: String, sex: String) {
        self.identifiers = identifiers
        self.name = name
        self.birthDate = birthDate
        self.sex = sex
    }
}
