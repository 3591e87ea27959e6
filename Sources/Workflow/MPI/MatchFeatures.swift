/// One name as the scorer compares it, normalized once when the record is filed (not per compare:
/// a new patient meets many candidates, and normalizing, skeletons and phonetic codes dominate).
struct NameFeatures: Sendable, Equatable {
    /// Lowercase letters only (`NameVariants.normalized`).
    let normalized: String
    let skeleton: String
    /// NYSIIS code of the normalized name.
    let nysiis: String
    /// Nickname groups as a bit set (no allocation per record).
    let groups: NameVariants.GroupSet
    /// The parts of a multi-part name (`Garcia-Lopez`); empty when the name has one part.
    let multipleParts: [String]

    init(_ raw: String) {
        normalized = NameVariants.normalized(raw)
        skeleton = NameVariants.skeleton(normalized)
        nysiis = NYSIIS.code(normalized)
        groups = NameVariants.groupSet(ofNormalized: normalized)
        let parts = NameVariants.familyParts(raw)
        multipleParts = parts.count > 1 ? parts : []
    }

    /// `NameVariants.familyParts` of the raw name.
    var parts: [String] { multipleParts.isEmpty ? (normalized.isEmpty ? [] : [normalized]) : multipleParts }
}

/// What the scorer compares of one record, derived once from its demographics.
struct MatchFeatures: Sendable, Equatable {
    let given: NameFeatures
    let family: NameFeatures
    let birthDate: String
    let sex: String
    let street: String
    let postalCode: String
    let phoneDigits: String
    let generation: String?
    let nationalID: String

    init(_ d: MPIDemographics) {
        given = NameFeatures(d.given)
        family = NameFeatures(d.family)
        birthDate = d.birthDate
        sex = d.sex
        street = MatchScorer.normalizedStreet(d.street)
        postalCode = d.postalCode.filter { $0.isLetter || $0.isNumber }
        phoneDigits = d.phoneDigits
        generation = MatchScorer.generation(d.suffix)
        nationalID = d.nationalID.filter { $0.isLetter || $0.isNumber }
    }
}
