/// Blocking: a record is compared only with records sharing at least one key, so the cost of
/// matching a new patient depends on the size of its blocks, not on the size of the index.
///
/// Selective keys combine a name with the birth date (or are a phone or national ID): their blocks
/// stay small however large the index grows, and each registration error the matcher tolerates
/// leaves at least one of them intact. Broad keys (family + birth year, family + given) catch
/// records with two errors while the index is small; their blocks grow with the index (Smith born
/// 1970, John Smith), so the index skips them beyond a much smaller size.
public enum BlockingKeys {
    public struct Key: Hashable, Sendable {
        public let text: String
        /// True for a family + year or family + given key (skipped early by size).
        public let broad: Bool
    }

    public static func keys(of d: MPIDemographics) -> Set<Key> {
        var keys = Set<Key>()
        func add(_ text: String, broad: Bool = false) { keys.insert(Key(text: text, broad: broad)) }
        let family = NYSIIS.code(NameVariants.skeleton(NameVariants.familyParts(d.family).first ?? d.family))
        let given = d.given.isEmpty ? "" : NameVariants.givenKey(d.given)
        // Names entered the other way round: the given name as family, and the reverse.
        let swappedFamily = NYSIIS.code(NameVariants.skeleton(d.given)), swappedGiven = d.family.isEmpty ? "" : NameVariants.givenKey(d.family)
        let year = d.birthYear
        let date = dayMonthInsensitiveDate(d.birthDate)
        if !date.isEmpty {
            // Name + birth date, with day and month in either order: a typo or nickname in one
            // name, a changed family name, swapped day and month.
            if !family.isEmpty { add("FD|\(family)|\(date)") }
            if !given.isEmpty { add("GD|\(given)|\(date)") }
            if !swappedGiven.isEmpty { add("GD|\(swappedGiven)|\(date)") }
        }
        if !year.isEmpty {
            // Both names + birth year: a wrong digit in the day or month.
            if !family.isEmpty, !given.isEmpty { add("FGY|\(family)|\(given)|\(year)") }
            if !swappedFamily.isEmpty, !swappedGiven.isEmpty { add("FGY|\(swappedFamily)|\(swappedGiven)|\(year)") }
        }
        if d.phoneDigits.count == 7 { add("PH|\(d.phoneDigits)") }
        let national = d.nationalID.filter { $0.isLetter || $0.isNumber }
        if !national.isEmpty { add("NI|\(national)") }
        // Broad: family phonetic code + birth year; family + given (wrong birth date).
        if !family.isEmpty, !year.isEmpty { add("FY|\(family)|\(year)", broad: true) }
        if !family.isEmpty, !given.isEmpty { add("FG|\(family)|\(given)", broad: true) }
        if !swappedFamily.isEmpty, !swappedGiven.isEmpty { add("FG|\(swappedFamily)|\(swappedGiven)", broad: true) }
        return keys
    }

    /// `YYYY` + the smaller and larger of month and day: a date and its day/month transposition
    /// share it. Empty unless the date has all eight digits.
    static func dayMonthInsensitiveDate(_ date: String) -> String {
        let digits = Array(date.utf8)
        guard digits.count == 8, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return "" }
        let month = String(decoding: digits[4..<6], as: UTF8.self), day = String(decoding: digits[6..<8], as: UTF8.self)
        return String(decoding: digits[0..<4], as: UTF8.self) + min(month, day) + max(month, day)
    }

    /// A stable 64-bit hash of a key (FNV-1a): the index keys its blocks by it to keep a million
    /// records' worth of key strings out of memory. A collision only adds a candidate to compare.
    static func hash(_ key: Key) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.text.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
