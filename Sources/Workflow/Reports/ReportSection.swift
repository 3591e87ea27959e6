/// The sections of a radiology report (IHE RAD-7 / the LOINC report section codes).
public enum ReportSectionKind: String, Sendable, Codable, CaseIterable {
    case exam, indications, comparison, findings, impression, recommendations, addendum, other

    /// LOINC codes senders put in OBX-3 for each section.
    static let loinc: [String: ReportSectionKind] = [
        "55111-9": .exam, "18785-6": .indications, "18834-2": .comparison, "18782-3": .findings,
        "59776-5": .findings, "19005-8": .impression, "18783-1": .recommendations, "55107-7": .addendum,
    ]

    /// The section an OBX-3 code names: configured identifiers first, then LOINC.
    static func of(code: String, configured: [String: ReportSectionKind]) -> ReportSectionKind {
        configured[code] ?? loinc[code] ?? .other
    }
}

/// One section's content: narrative text and coded findings (e.g. SNOMED CT).
public struct ReportSection: Sendable, Codable, Hashable {
    public var kind: ReportSectionKind
    public var text: [String]
    public var codes: [CodedValue]
}
