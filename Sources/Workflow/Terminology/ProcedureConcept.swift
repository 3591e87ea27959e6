/// One standard radiology procedure: its RadLex Playbook ID, its LOINC code when known, and the
/// names a local description may match. A LOINC term that leaves contrast unstated (`MR Knee`)
/// has no Playbook ID (`rpid` is empty).
public struct ProcedureConcept: Sendable, Hashable, Codable {
    /// RadLex Playbook ID (`RPID22`).
    public var rpid: String
    /// LOINC / LOINC-RSNA Playbook code and its long common name, when known.
    public var loinc: String?
    public var loincName: String?
    /// The Playbook long name (`CT Head wo IV Contrast`).
    public var display: String
    /// CT, MR, XR, US, NM or MG.
    public var modality: String
    /// Playbook body region (`HEAD`, `LOWER EXTREMITY`); empty when the Playbook gives none.
    public var region: String
    /// SNOMED CT body structure and laterality, where known.
    public var bodySite: CodedValue?
    public var laterality: CodedValue?
    /// Other names that mean this procedure (`XR Chest` for `XR Chest 2 Views`).
    public var synonyms: [String]
    /// The table's convention: an order for this exam that does not say whether contrast is used
    /// means this procedure.
    public var whenContrastUnstated: Bool

    public init(rpid: String, display: String, loinc: String? = nil, loincName: String? = nil, modality: String,
                region: String, bodySite: CodedValue? = nil, laterality: CodedValue? = nil, synonyms: [String] = [],
                whenContrastUnstated: Bool = false) {
        self.rpid = rpid
        self.loinc = loinc
        self.loincName = loincName
        self.display = display
        self.modality = modality
        self.region = region
        self.bodySite = bodySite
        self.laterality = laterality
        self.synonyms = synonyms
        self.whenContrastUnstated = whenContrastUnstated
    }

    /// The code sent beside the local one: LOINC when known, the RadLex Playbook ID otherwise.
    public var standardCode: CodedValue {
        if let loinc { return CodedValue(code: loinc, text: loincName ?? display, codingScheme: CodingSchemes.loinc) }
        return CodedValue(code: rpid, text: display, codingScheme: CodingSchemes.radLex)
    }

    /// The Playbook name first, then the LOINC name and the synonyms.
    public var names: [String] { [display] + (loincName.map { [$0] } ?? []) + synonyms }
}
