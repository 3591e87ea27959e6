/// How strongly two records agree on one field.
public enum FieldAgreement: String, Sendable, Codable {
    case exact, variant, similar, partial, initial, disagree, conflict, missing
}

/// Fellegi–Sunter comparison: each field's agreement level carries a weight log2(m/u) (m: how
/// often true matches agree at that level, u: how often non-matches do); the weights add up.
public struct MatchScore: Sendable, Codable, Equatable {
    public var total: Double
    /// Field → (agreement level, weight).
    public var fields: [String: FieldContribution]
    /// A deterministic rule linked the records (shared national identifier).
    public var deterministic: Bool
    /// Something rules out an automatic link whatever the total (another identifier in the same domain).
    public var blocksAutomaticLink: String?

    public struct FieldContribution: Sendable, Codable, Equatable {
        public var level: FieldAgreement
        public var weight: Double
    }
}

/// The FHIR match grade of a score (`Bundle.entry.search.extension match-grade`).
public enum MatchGrade: String, Sendable, Codable {
    case certain, probable, possible, certainlyNot = "certainly-not"
}

public enum MatchScorer {
    /// Weights per field and level. m/u estimates for a radiology population; agreement on a common
    /// value is worth less than these in reality, so the upper threshold asks for corroboration
    /// (address, phone or identifier) beyond name, birth date and sex.
    static let weights: [String: [FieldAgreement: Double]] = [
        "given": [.exact: 6, .variant: 4.5, .similar: 3.5, .initial: 1, .disagree: -12],
        "family": [.exact: 7, .variant: 5.5, .similar: 4.5, .partial: 4, .disagree: -4],
        "birthDate": [.exact: 9, .similar: 4, .partial: -4, .disagree: -8],
        "sex": [.exact: 1, .disagree: -6],
        "address": [.exact: 4, .partial: 1.5, .disagree: -1],
        "phone": [.exact: 5, .disagree: -1],
        "suffix": [.conflict: -20],
        "nationalID": [.exact: 10, .conflict: -14],
    ]

    public static func score(_ a: MPIDemographics, _ b: MPIDemographics) -> MatchScore {
        score(MatchFeatures(a), MatchFeatures(b))
    }

    static func score(_ a: MatchFeatures, _ b: MatchFeatures) -> MatchScore {
        var fields: [String: MatchScore.FieldContribution] = [:]
        fields.reserveCapacity(8)
        func put(_ field: String, _ level: FieldAgreement) {
            fields[field] = .init(level: level, weight: weights[field]?[level] ?? 0)
        }
        let names = compareNames(a, b)
        put("given", names.given)
        put("family", names.family)
        put("birthDate", compareBirthDates(a.birthDate, b.birthDate))
        put("sex", compareSex(a.sex, b.sex))
        put("address", compareAddress(a, b))
        put("phone", a.phoneDigits.count < 7 || b.phoneDigits.count < 7 ? .missing : a.phoneDigits == b.phoneDigits ? .exact : .disagree)
        put("suffix", suffixesConflict(a.generation, b.generation) ? .conflict : .missing)
        put("nationalID", a.nationalID.isEmpty || b.nationalID.isEmpty ? .missing : a.nationalID == b.nationalID ? .exact : .conflict)
        let total = fields.values.reduce(0) { $0 + $1.weight }
        return MatchScore(total: total, fields: fields, deterministic: fields["nationalID"]?.level == .exact, blocksAutomaticLink: nil)
    }

    static func compareName(_ x: String, _ y: String, given: Bool) -> FieldAgreement {
        compareName(NameFeatures(x), NameFeatures(y), given: given)
    }

    static func compareName(_ x: NameFeatures, _ y: NameFeatures, given: Bool) -> FieldAgreement {
        let a = x.normalized, b = y.normalized
        if a.isEmpty || b.isEmpty { return .missing }
        if a == b { return .exact }
        if given, a.utf8.count == 1 || b.utf8.count == 1 { return a.utf8.first == b.utf8.first ? .initial : .disagree }
        if given, x.groups.intersects(y.groups) { return .variant }
        if x.skeleton == y.skeleton { return .variant }
        if x.nysiis == y.nysiis || NameVariants.jaroWinklerASCII(a, b) >= 0.92 { return .similar }
        if !given, !x.multipleParts.isEmpty || !y.multipleParts.isEmpty, !Set(x.parts).isDisjoint(with: y.parts) { return .partial }
        return .disagree
    }

    /// Given and family names, also tried swapped (family entered as given and the reverse).
    static func compareNames(_ a: MPIDemographics, _ b: MPIDemographics) -> (given: FieldAgreement, family: FieldAgreement) {
        compareNames(MatchFeatures(a), MatchFeatures(b))
    }

    static func compareNames(_ a: MatchFeatures, _ b: MatchFeatures) -> (given: FieldAgreement, family: FieldAgreement) {
        let straight = (compareName(a.given, b.given, given: true), compareName(a.family, b.family, given: false))
        let swapped = (compareName(a.given, b.family, given: true), compareName(a.family, b.given, given: false))
        func value(_ p: (FieldAgreement, FieldAgreement)) -> Double { (weights["given"]?[p.0] ?? 0) + (weights["family"]?[p.1] ?? 0) }
        func agreeing(_ level: FieldAgreement) -> Bool { level == .exact || level == .variant || level == .similar }
        if agreeing(swapped.0), agreeing(swapped.1), value(swapped) > value(straight) {
            // Swapped fields are weaker evidence than the same fields in place.
            return (swapped.0 == .exact ? .variant : .similar, swapped.1 == .exact ? .variant : .similar)
        }
        return straight
    }

    /// Exact; similar (day and month transposed, one digit off, two adjacent digits swapped);
    /// partial (same year only); disagree.
    static func compareBirthDates(_ a: String, _ b: String) -> FieldAgreement {
        guard a.utf8.count == 8, b.utf8.count == 8 else { return .missing }
        // On bytes: no Character arrays per candidate.
        var a = a, b = b
        return a.withUTF8 { x in b.withUTF8 { y in compareBirthDates(x, y) } }
    }

    /// `compareBirthDates` of two eight-byte dates.
    private static func compareBirthDates(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> FieldAgreement {
        if x.elementsEqual(y) { return .exact }
        let sameYear = x[0] == y[0] && x[1] == y[1] && x[2] == y[2] && x[3] == y[3]
        if sameYear, x[4] == y[6], x[5] == y[7], x[6] == y[4], x[7] == y[5] { return .similar }
        var first = -1, second = -1, count = 0
        for i in 0..<8 where x[i] != y[i] {
            count += 1
            if count == 1 { first = i } else if count == 2 { second = i }
        }
        if count == 1 { return .similar }
        if count == 2, second == first + 1, x[first] == y[second], x[second] == y[first] { return .similar }
        return sameYear ? .partial : .disagree
    }

    static func compareSex(_ a: String, _ b: String) -> FieldAgreement {
        let known: Set<String> = ["M", "F"]
        guard known.contains(a), known.contains(b) else { return .missing }
        return a == b ? .exact : .disagree
    }

    static func normalizedStreet(_ street: String) -> String {
        let words = street.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let abbreviations = ["street": "st", "avenue": "ave", "road": "rd", "drive": "dr", "lane": "ln", "boulevard": "blvd",
                             "place": "pl", "court": "ct", "strasse": "str", "straße": "str", "apartment": "apt"]
        return words.map { abbreviations[String($0)] ?? String($0) }.joined(separator: " ")
    }

    static func compareAddress(_ a: MatchFeatures, _ b: MatchFeatures) -> FieldAgreement {
        let sa = a.street, sb = b.street, pa = a.postalCode, pb = b.postalCode
        if sa.isEmpty || sb.isEmpty { return pa.isEmpty || pb.isEmpty ? .missing : pa == pb ? .partial : .disagree }
        if sa == sb, pa.isEmpty || pb.isEmpty || pa == pb { return .exact }
        if !pa.isEmpty, pa == pb { return .partial }
        return .disagree
    }

    static func generation(_ suffix: String) -> String? {
        let s = suffix.lowercased().filter(\.isLetter)
        switch s {
        case "jr", "junior", "ii": return "junior"
        case "sr", "senior", "i": return "senior"
        case "iii": return "third"
        case "iv": return "fourth"
        default: return nil
        }
    }

    static func suffixesConflict(_ x: String?, _ y: String?) -> Bool {
        guard let x, let y else { return false }
        return x != y
    }

    /// The grade for a score under the configured thresholds.
    public static func grade(_ score: MatchScore, _ configuration: MPIConfiguration) -> MatchGrade {
        if score.total >= configuration.upperThreshold { return score.blocksAutomaticLink == nil ? .certain : .probable }
        if score.total >= configuration.lowerThreshold { return .probable }
        if score.total >= configuration.lowerThreshold - 6 { return .possible }
        return .certainlyNot
    }
}
