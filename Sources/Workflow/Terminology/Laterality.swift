/// The side a procedure description names (`RT`, `Right`, `LT`, `Left`, `BI`, `bilateral`), as a
/// SNOMED CT laterality qualifier, so that it is carried beside a standard code that has no side.
public enum Laterality {
    public static let right = CodedValue(code: "24028007", text: "Right", codingScheme: CodingSchemes.snomed)
    public static let left = CodedValue(code: "7771000", text: "Left", codingScheme: CodingSchemes.snomed)
    public static let bilateral = CodedValue(code: "51440002", text: "Right and left", codingScheme: CodingSchemes.snomed)

    /// Normalized tokens (see `ProcedureNormalizer`) that name a side.
    static let tokens: Set<String> = ["right", "left", "bilateral"]

    /// The side the tokens name (right and left together are bilateral), and the tokens without it.
    static func split(_ tokens: [String]) -> (side: CodedValue?, rest: [String]) {
        let named = Set(tokens).intersection(Self.tokens)
        let rest = tokens.filter { !Self.tokens.contains($0) }
        if named.isEmpty { return (nil, tokens) }
        if named.contains("bilateral") || named.count > 1 { return (bilateral, rest) }
        return (named.contains("right") ? right : left, rest)
    }

    /// The side a description names, if any.
    public static func named(in description: String) -> CodedValue? {
        split(ProcedureNormalizer.tokens(description)).side
    }
}
