/// The procedure table and the site's mappings, indexed for matching.
///
/// Order of rules: a local mapping of the sender's code; the sender's code when it is already a
/// standard code of the table; a local mapping of the description; the description as a name of
/// a table entry; the description without a modality when exactly one entry fits. Nothing
/// matched is `nil`, never an error: the caller queues the procedure for review.
public struct ProcedureTerminology: Sendable {
    public private(set) var concepts: [ProcedureConcept]
    public private(set) var mappings: [LocalProcedureMapping] = []
    private var byStandardCode: [String: Int] = [:]
    private var byName: [String: (concept: Int, name: String)] = [:]
    private var byNameWithoutModality: [String: [(concept: Int, name: String)]] = [:]
    private var mappingByCode: [String: Int] = [:]
    private var mappingByDescription: [String: Int] = [:]

    /// The built-in table (`ProcedureConcept.playbook`).
    public static let standard = ProcedureTerminology(concepts: ProcedureConcept.playbook)

    /// Later concepts never replace an earlier one with the same name.
    public init(concepts: [ProcedureConcept], mappings: [LocalProcedureMapping] = []) {
        self.concepts = concepts
        for (index, concept) in concepts.enumerated() {
            byStandardCode[concept.rpid] = byStandardCode[concept.rpid] ?? index
            if let loinc = concept.loinc { byStandardCode[loinc] = byStandardCode[loinc] ?? index }
            for name in concept.names {
                let key = ProcedureNormalizer.key(ProcedureNormalizer.tokens(name))
                if byName[key] == nil { byName[key] = (index, name) }
            }
            // Only the full Playbook name: a short synonym without its modality ("Chest") is a guess.
            let tokens = ProcedureNormalizer.tokens(concept.display)
            let bare = ProcedureNormalizer.key(tokens.filter { !ProcedureNormalizer.modalities.contains($0) })
            if bare != ProcedureNormalizer.key(tokens) {
                byNameWithoutModality[bare, default: []].append((index, concept.display))
            }
        }
        for mapping in mappings { add(mapping) }
    }

    /// Adds a site mapping; a later mapping of the same code or description replaces the earlier one.
    public mutating func add(_ mapping: LocalProcedureMapping) {
        mappings.append(mapping)
        let index = mappings.count - 1
        let code = Self.codeKey(mapping.localCode)
        if !code.isEmpty { mappingByCode[code] = index }
        let description = ProcedureNormalizer.key(ProcedureNormalizer.tokens(mapping.localDescription))
        if !description.isEmpty { mappingByDescription[description] = index }
    }

    /// The table entry whose LOINC code or RPID is `code`.
    public func concept(code: String) -> ProcedureConcept? {
        byStandardCode[Self.codeKey(code)].map { concepts[$0] }
    }

    /// Resolves a local procedure (OBR-4): code first, then description.
    public func match(_ procedure: CodedValue) -> TerminologyMatch? {
        match(code: procedure.code, description: procedure.text)
    }

    public func match(code: String = "", description: String) -> TerminologyMatch? {
        let code = code.trimmingSpaces
        if !code.isEmpty, let index = mappingByCode[Self.codeKey(code)] {
            return resolved(mappings[index], rule: .localCode, matched: code, tokens: [])
        }
        if !code.isEmpty, let concept = concept(code: code) {
            return TerminologyMatch(standard: concept.standardCode, concept: concept, rule: .standardCode, matched: code, tokens: [])
        }
        let tokens = ProcedureNormalizer.tokens(description)
        guard !tokens.isEmpty else { return nil }
        let key = ProcedureNormalizer.key(tokens)
        if let index = mappingByDescription[key] {
            return resolved(mappings[index], rule: .localDescription, matched: mappings[index].localDescription, tokens: tokens)
        }
        if let hit = byName[key] {
            let concept = concepts[hit.concept]
            return TerminologyMatch(standard: concept.standardCode, concept: concept, rule: .description, matched: hit.name, tokens: tokens)
        }
        if !tokens.contains(where: ProcedureNormalizer.modalities.contains),
           let hits = byNameWithoutModality[key], let hit = hits.first,
           hits.allSatisfy({ $0.concept == hit.concept }) {
            let concept = concepts[hit.concept]
            return TerminologyMatch(standard: concept.standardCode, concept: concept, rule: .descriptionWithoutModality,
                                    matched: hit.name, tokens: tokens)
        }
        return nil
    }

    private func resolved(_ mapping: LocalProcedureMapping, rule: TerminologyMatch.Rule, matched: String, tokens: [String]) -> TerminologyMatch {
        TerminologyMatch(standard: mapping.standard, concept: concept(code: mapping.standard.code), rule: rule, matched: matched, tokens: tokens)
    }

    private static func codeKey(_ code: String) -> String { code.trimmingSpaces.uppercased() }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
