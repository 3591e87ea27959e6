/// Blocking: a record is compared only with records sharing at least one key, so the cost of
/// matching a new patient depends on the size of its blocks, not on the size of the index.
public enum BlockingKeys {
    public static func keys(of d: MPIDemographics) -> Set<String> {
        var keys = Set<String>()
        let family = NYSIIS.code(NameVariants.skeleton(NameVariants.familyParts(d.family).first ?? d.family))
        let given = d.given.isEmpty ? "" : NameVariants.givenKey(d.given)
        let year = d.birthYear
        // Family phonetic code + birth year (typos in the given name, transposed day/month).
        if !family.isEmpty, !year.isEmpty { keys.insert("FY|\(family)|\(year)") }
        // Given name form + full birth date (changed or misspelled family name).
        if !given.isEmpty, d.birthDate.count == 8 { keys.insert("GD|\(given)|\(d.birthDate)") }
        // Family + given (wrong birth date); swapped names meet here too.
        if !family.isEmpty, !given.isEmpty {
            keys.insert("FG|\(family)|\(given)")
            let swappedFamily = NYSIIS.code(NameVariants.skeleton(d.given)), swappedGiven = NameVariants.givenKey(d.family)
            keys.insert("FG|\(swappedFamily)|\(swappedGiven)")
        }
        if d.phoneDigits.count == 7 { keys.insert("PH|\(d.phoneDigits)") }
        let national = d.nationalID.filter { $0.isLetter || $0.isNumber }
        if !national.isEmpty { keys.insert("NI|\(national)") }
        return keys
    }
}
