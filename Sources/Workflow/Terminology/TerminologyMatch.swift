/// A resolved procedure: the standard code and why it was chosen.
public struct TerminologyMatch: Sendable, Hashable, CustomStringConvertible {
    public enum Rule: String, Sendable, Hashable {
        /// A local mapping for the sender's code.
        case localCode = "local code"
        /// The sender already sent a standard code of the table.
        case standardCode = "standard code"
        /// A local mapping for the description.
        case localDescription = "local description"
        /// The description is a name of a table entry (its display name or a synonym).
        case description = "description"
        /// The description names no modality and, without one, fits exactly one table entry.
        case descriptionWithoutModality = "description without modality"
        /// The description does not say whether contrast is used; the table names this entry as the convention.
        case contrastConvention = "contrast not stated, table convention"
    }

    public var standard: CodedValue
    /// The table entry, when the code is one of the table's.
    public var concept: ProcedureConcept?
    public var rule: Rule
    /// The code, mapping or name that matched.
    public var matched: String
    /// The normalized tokens compared (empty for code rules).
    public var tokens: [String]
    /// SNOMED CT laterality: the table entry's, or the side the description names.
    public var laterality: CodedValue? = nil

    public var description: String {
        let via = "\(rule.rawValue) '\(matched)'"
        return tokens.isEmpty ? via : "\(via), tokens [\(tokens.joined(separator: " "))]"
    }
}
