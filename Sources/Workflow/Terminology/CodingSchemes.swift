/// Coding scheme designators as HL7 v2 (CWE.3) and DICOM (0008,0102) spell them.
public enum CodingSchemes {
    public static let loinc = "LN"
    public static let radLex = "RADLEX"
    public static let snomed = "SCT"
}
