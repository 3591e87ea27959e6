import Workflow

/// Code system and identifier system URIs the mapping uses.
public enum FHIRSystems {
    /// HL7 v2 table 0203 identifier types (MR, ACSN, PLAC, FILL).
    public static let identifierType = "http://terminology.hl7.org/CodeSystem/v2-0203"
    /// HL7 v2 table 0074 diagnostic service section (RAD).
    public static let diagnosticServiceSection = "http://terminology.hl7.org/CodeSystem/v2-0074"
    public static let observationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"
    public static let observationInterpretation = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
    /// DICOM modalities and other DICOM controlled terms (CID 29).
    public static let dicom = "http://dicom.nema.org/resources/ontology/DCM"
    /// Study instance UIDs as identifiers (value `urn:oid:…`).
    public static let dicomUID = "urn:dicom:uid"
    /// SOP class UIDs as codes (`urn:oid:…`).
    public static let uri = "urn:ietf:rfc:3986"
    public static let loinc = "http://loinc.org"
    public static let radLex = "http://www.radlex.org"
    public static let snomed = "http://snomed.info/sct"

    /// HL7 v2 coding scheme (CWE.3) → FHIR system, for the standard schemes.
    static let bySchemeName: [String: String] = [
        CodingSchemes.loinc: loinc, "LOINC": loinc, CodingSchemes.radLex: radLex, "RID": radLex,
        CodingSchemes.snomed: snomed, "SNM": snomed, "SNOMED": snomed, "SNOMEDCT": snomed, "DCM": dicom,
    ]
    static let schemeBySystem: [String: String] = [
        loinc: CodingSchemes.loinc, radLex: CodingSchemes.radLex, snomed: CodingSchemes.snomed, dicom: "DCM",
    ]
}

/// The site-specific choices of the mapping: the systems for identifiers RadBridge does not know
/// a URI for, and the time zone of timestamps that senders give without one.
public struct FHIRSettings: Sendable {
    /// Base of the systems RadBridge makes up (`<base>/patient-id/<issuer>`, `<base>/accession`, …).
    public var systemBase: String
    /// Assigning authority (PID-3.4) → identifier system, overriding the made-up one.
    public var identifierSystems: [String: String]
    /// The namespace of accession numbers and placer numbers (MSH-3 of what RadBridge sends).
    public var application: String
    /// `+01:00`, `Z`: the zone of local timestamps without an offset (scheduled start, observation time).
    public var localTimeZone: String

    public init(systemBase: String = "https://radbridge.invalid/fhir/sid", identifierSystems: [String: String] = [:],
                application: String = "RADBRIDGE", localTimeZone: String = "Z") {
        self.systemBase = systemBase
        self.identifierSystems = identifierSystems
        self.application = application
        self.localTimeZone = localTimeZone
    }

    /// The system of a patient identifier from its assigning authority: configured, an OID as
    /// `urn:oid:`, otherwise one under `systemBase`.
    public func patientIdentifierSystem(issuer: String) -> String? {
        if let configured = identifierSystems[issuer] { return configured }
        if issuer.isEmpty { return nil }
        if Self.isOID(issuer) { return "urn:oid:" + issuer }
        return systemBase + "/patient-id/" + issuer
    }

    /// The assigning authority of a patient identifier system (the inverse of the above).
    public func issuer(ofPatientIdentifierSystem system: String?) -> String? {
        guard let system, !system.isEmpty else { return "" }
        if let configured = identifierSystems.first(where: { $0.value == system }) { return configured.key }
        if system.hasPrefix("urn:oid:") { return String(system.dropFirst(8)) }
        let prefix = systemBase + "/patient-id/"
        if system.hasPrefix(prefix) { return String(system.dropFirst(prefix.count)) }
        return nil
    }

    public var accessionSystem: String { systemBase + "/accession" }
    public func placerSystem(authority: String) -> String {
        authority.isEmpty ? systemBase + "/placer" : systemBase + "/placer/" + authority
    }
    public var scheduledStepSystem: String { systemBase + "/scheduled-step" }
    /// Local procedure codes of a coding scheme (`<base>/procedure/<scheme>`).
    public func localCodeSystem(scheme: String) -> String { systemBase + "/procedure/" + (scheme.isEmpty ? "L" : scheme) }

    /// FHIR system of an HL7 coding scheme, standard or local.
    public func system(ofScheme scheme: String) -> String {
        FHIRSystems.bySchemeName[scheme.uppercased()] ?? localCodeSystem(scheme: scheme)
    }

    /// HL7 coding scheme (CWE.3) of a FHIR system.
    public func scheme(ofSystem system: String?) -> String {
        guard let system else { return "L" }
        if let standard = FHIRSystems.schemeBySystem[system] { return standard }
        let prefix = systemBase + "/procedure/"
        if system.hasPrefix(prefix) { return String(system.dropFirst(prefix.count)) }
        return "L"
    }

    static func isOID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.first != "." && text.last != "." && !text.contains("..")
            && text.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) } && text.contains(".")
    }
}
