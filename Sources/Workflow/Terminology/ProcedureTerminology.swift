/// The procedure table and the site's mappings, indexed for matching.
///
/// Order of rules: a local mapping of the sender's code; the sender's code when it is already a
/// standard code of the table; a local mapping of the description; the description as a name of
/// a table entry; the description without a modality when exactly one entry fits; the same without
/// the side it names (`MR KNEE RT`, the side carried as the match's laterality); for a description
/// that does not say whether contrast is used, the entry the table names as the convention. Nothing
/// matched is `nil`, never an error: the caller queues the procedure for review, with `candidates`.
public struct ProcedureTerminology: Sendable {
    public private(set) var concepts: [ProcedureConcept]
    public private(set) var mappings: [LocalProcedureMapping] = []
    private var byStandardCode: [String: Int] = [:]
    private var byName: [String: (concept: Int, name: String)] = [:]
    private var byNameWithoutModality: [String: [(concept: Int, name: String)]] = [:]
    /// Entries that say whether contrast is used, by their name's tokens without that.
    private var byNameWithoutContrast: [String: [Int]] = [:]
    private var mappingByCode: [String: Int] = [:]
    private var mappingByDescription: [String: Int] = [:]

    /// The built-in table (`ProcedureConcept.playbook`).
    public static let standard = ProcedureTerminology(concepts: ProcedureConcept.playbook)

    /// Later concepts never replace an earlier one with the same name.
    public init(concepts: [ProcedureConcept], mappings: [LocalProcedureMapping] = []) {
        self.concepts = concepts
        for (index, concept) in concepts.enumerated() {
            if !concept.rpid.isEmpty { byStandardCode[concept.rpid] = byStandardCode[concept.rpid] ?? index }
            if let loinc = concept.loinc { byStandardCode[loinc] = byStandardCode[loinc] ?? index }
            for name in concept.names {
                let key = ProcedureNormalizer.key(ProcedureNormalizer.tokens(name))
                if byName[key] == nil { byName[key] = (index, name) }
            }
            for name in [concept.display] + (concept.loincName.map { [$0] } ?? []) {
                let tokens = ProcedureNormalizer.tokens(name)
                guard tokens.contains(where: Self.contrastTokens.contains) else { continue }
                let key = ProcedureNormalizer.key(tokens.filter { !Self.contrastTokens.contains($0) })
                if !(byNameWithoutContrast[key]?.contains(index) ?? false) { byNameWithoutContrast[key, default: []].append(index) }
            }
            // Only the full Playbook name: a short synonym without its modality ("Chest") is a guess,
            // and so is a LOINC term that does not even say whether contrast is used.
            let tokens = ProcedureNormalizer.tokens(concept.display)
            let bare = ProcedureNormalizer.key(tokens.filter { !ProcedureNormalizer.modalities.contains($0) })
            if bare != ProcedureNormalizer.key(tokens), !concept.rpid.isEmpty {
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
        let tokens = ProcedureNormalizer.tokens(description)
        let (side, unsided) = Laterality.split(tokens)
        if var hit = match(code: code, tokens: tokens) {
            hit.laterality = hit.concept?.laterality ?? side
            return hit
        }
        guard let side, !unsided.isEmpty else { return conventionMatch(unsided, tokens: tokens, side: nil) }
        // The side is not part of the entry's name: match without it and carry it beside the code.
        if var hit = match(code: "", tokens: unsided), hit.concept?.laterality == nil {
            hit.tokens = tokens
            hit.laterality = side
            return hit
        }
        return conventionMatch(unsided, tokens: tokens, side: side)
    }

    /// Entries that differ from a description that does not say whether contrast is used only in
    /// saying so (`MR Shoulder` → with and without contrast): what a reviewer chooses from.
    public func candidates(description: String) -> [ProcedureConcept] {
        let unsided = Laterality.split(ProcedureNormalizer.tokens(description)).rest
        guard !unsided.contains(where: Self.contrastTokens.contains) else { return [] }
        return (byNameWithoutContrast[ProcedureNormalizer.key(unsided)] ?? []).map { concepts[$0] }
    }

    private static let contrastTokens: Set<String> = ["with", "without"]

    private func conventionMatch(_ unsided: [String], tokens: [String], side: CodedValue?) -> TerminologyMatch? {
        guard !unsided.contains(where: Self.contrastTokens.contains),
              let index = byNameWithoutContrast[ProcedureNormalizer.key(unsided)]?.first(where: { concepts[$0].whenContrastUnstated })
        else { return nil }
        let concept = concepts[index]
        return TerminologyMatch(standard: concept.standardCode, concept: concept, rule: .contrastConvention, matched: concept.display,
                                tokens: tokens, laterality: concept.laterality ?? side)
    }

    private func match(code: String, tokens: [String]) -> TerminologyMatch? {
        let code = code.trimmingSpaces
        if !code.isEmpty, let index = mappingByCode[Self.codeKey(code)] {
            return resolved(mappings[index], rule: .localCode, matched: code, tokens: [])
        }
        if !code.isEmpty, let concept = concept(code: code) {
            return TerminologyMatch(standard: concept.standardCode, concept: concept, rule: .standardCode, matched: code, tokens: [])
        }
        guard !tokens.isEmpty else { return nil }
        if let index = mappingByDescription[ProcedureNormalizer.key(tokens)] {
            return resolved(mappings[index], rule: .localDescription, matched: mappings[index].localDescription, tokens: tokens)
        }
        return matchDescription(tokens)
    }

    /// The table rules for a description: a name of an entry, or the name without its modality.
    private func matchDescription(_ tokens: [String]) -> TerminologyMatch? {
        let key = ProcedureNormalizer.key(tokens)
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
