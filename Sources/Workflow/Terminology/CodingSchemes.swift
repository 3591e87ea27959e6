/// Coding scheme designators as HL7 v2 (CWE.3) and DICOM (0008,0102) spell them.
public enum CodingSchemes {
    /// LOINC, 2.16.840.1.113883.6.1.
    public static let loinc = "LN"
    /// RadLex, 2.16.840.1.113883.6.256; its Playbook IDs (RPID…) are part of RadLex (HL7 THO).
    public static let radLex = "RADLEX"
    /// SNOMED CT, 2.16.840.1.113883.6.96.
    public static let snomed = "SCT"
}
