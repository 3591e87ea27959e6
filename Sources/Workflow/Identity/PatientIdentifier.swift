import HL7

/// A patient identifier in its assigning authority's domain: PID-3 CX.1 and CX.4, which become
/// DICOM (0010,0020) Patient ID and (0010,0021) Issuer of Patient ID. The type code (CX.5, e.g. MR)
/// describes the identifier but is not part of its identity.
public struct PatientIdentifier: Hashable, Sendable, Codable, CustomStringConvertible {
    public var id: String
    public var issuer: String
    public var typeCode: String

    public init(id: String, issuer: String, typeCode: String = "") {
        self.id = id
        self.issuer = issuer
        self.typeCode = typeCode
    }

    /// From a CX repetition; nil when CX.1 is empty.
    init?(cx: HL7Element) {
        let id = cx.child(1)?.child(1)?.value ?? ""
        guard !id.isEmpty, id != "\"\"" else { return nil }
        self.id = id
        // CX.4 is an HD: its namespace ID (first subcomponent) names the authority.
        self.issuer = cx.child(4)?.child(1)?.value ?? ""
        self.typeCode = cx.child(5)?.child(1)?.value ?? ""
    }

    public static func == (a: PatientIdentifier, b: PatientIdentifier) -> Bool { a.id == b.id && a.issuer == b.issuer }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(issuer)
    }

    public var description: String { issuer.isEmpty ? id : "\(id)^^^\(issuer)" }

    /// All identifiers of a CX field (PID-3, MRG-1), in order.
    static func all(in field: HL7Element?) -> [PatientIdentifier] {
        field?.repetitions.compactMap { PatientIdentifier(cx: $0) } ?? []
    }

    /// The medical record number among several: the first of type MR, else the first.
    static func primary(of identifiers: [PatientIdentifier]) -> PatientIdentifier? {
        identifiers.first { $0.typeCode == "MR" } ?? identifiers.first
    }
}
