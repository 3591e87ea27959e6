import HL7

/// Conversions between HL7 DTM timestamps (`YYYYMMDDHHMMSS[+ZZZZ]`) and FHIR date, dateTime and
/// instant values, and the time ranges search compares.
public enum FHIRTime {
    /// `2026-11-22T09:30:00+01:00` from `202611220930`; a timestamp without an offset is in `zone`.
    /// Date-only precision stays a date (`2026-11-22`), which FHIR allows without a zone.
    public static func dateTime(fromHL7 text: String, zone: String) -> String? {
        guard HL7Timestamp.isValid(text) else { return nil }
        let body = text.prefix { $0.isNumber }
        let d = Array(body)
        func s(_ a: Int, _ n: Int) -> String { String(d[a..<(a + n)]) }
        switch d.count {
        case 4: return s(0, 4)
        case 6: return s(0, 4) + "-" + s(4, 2)
        case 8: return date(fromHL7: text)
        default:
            let minute = d.count >= 12 ? s(10, 2) : "00"
            let second = d.count >= 14 ? s(12, 2) : "00"
            return s(0, 4) + "-" + s(4, 2) + "-" + s(6, 2) + "T" + s(8, 2) + ":" + minute + ":" + second + zoneSuffix(of: text, default: zone)
        }
    }

    /// `YYYY-MM-DD` from the first eight digits.
    public static func date(fromHL7 text: String) -> String? {
        let d = Array(text.prefix(8))
        guard d.count == 8, d.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(d[0..<4]) + "-" + String(d[4..<6]) + "-" + String(d[6..<8])
    }

    /// An instant (seconds and a zone are required); nil unless the timestamp has a time.
    public static func instant(fromHL7 text: String, zone: String) -> String? {
        guard let value = dateTime(fromHL7: text, zone: zone), value.contains("T") else { return nil }
        return value
    }

    private static func zoneSuffix(of text: String, default zone: String) -> String {
        guard let sign = text.firstIndex(where: { $0 == "+" || $0 == "-" }) else { return zone }
        let z = Array(text[text.index(after: sign)...])
        let value = String(text[sign]) + String(z[0..<2]) + ":" + String(z[2..<4])
        return value == "+00:00" || value == "-00:00" ? "Z" : value
    }

    /// Seconds east of UTC of `Z`, `+01:00`, `-0500`.
    static func offsetSeconds(_ zone: String) -> Int64? {
        if zone == "Z" { return 0 }
        let sign: Int64 = zone.hasPrefix("-") ? -1 : 1
        let digits = zone.dropFirst().filter { $0 != ":" }
        guard (zone.hasPrefix("+") || zone.hasPrefix("-")), digits.count == 4, let value = Int64(digits),
              value / 100 <= 14, value % 100 < 60 else { return nil }
        return sign * ((value / 100) * 3600 + (value % 100) * 60)
    }

    /// The parts of a FHIR date/dateTime/instant: HL7 digits (`YYYY[MM[DD[HHMM[SS]]]]`) and its zone.
    static func parse(_ text: String) -> (digits: String, zone: String?)? {
        let pattern = Array(text)
        var digits = ""
        var index = 0
        func take(_ n: Int) -> Bool {
            guard index + n <= pattern.count, pattern[index..<(index + n)].allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            digits += String(pattern[index..<(index + n)])
            index += n
            return true
        }
        func expect(_ c: Character) -> Bool {
            guard index < pattern.count, pattern[index] == c else { return false }
            index += 1
            return true
        }
        guard take(4) else { return nil }
        if index < pattern.count {
            guard expect("-"), take(2) else { return nil }
            if index < pattern.count {
                guard expect("-"), take(2) else { return nil }
                if index < pattern.count {
                    guard expect("T"), take(2), expect(":"), take(2) else { return nil }
                    if index < pattern.count, pattern[index] == ":" {
                        index += 1
                        guard take(2) else { return nil }
                        if index < pattern.count, pattern[index] == "." {
                            index += 1
                            while index < pattern.count, pattern[index].isASCII, pattern[index].isNumber { index += 1 }
                        }
                    }
                    let zone = String(pattern[index...])
                    guard zone.isEmpty || offsetSeconds(zone) != nil else { return nil }
                    guard HL7Timestamp.isValid(digits) else { return nil }
                    return (digits, zone.isEmpty ? nil : zone)
                }
            }
        }
        guard HL7Timestamp.isValid(digits) else { return nil }
        return (digits, nil)
    }

    /// HL7 `YYYYMMDDHHMMSS` wall-clock time in `zone` of a FHIR dateTime (converted when it names
    /// another zone); date-only values stay dates.
    public static func hl7(fromFHIR text: String, zone: String) -> String? {
        guard let (digits, given) = parse(text) else { return nil }
        guard digits.count > 8, let given, let from = offsetSeconds(given), let to = offsetSeconds(zone), from != to else {
            return digits
        }
        guard let utc = HL7Timestamp.epochSeconds(digits), let first = HL7Timestamp.epochSeconds("00000101"),
              let last = HL7Timestamp.epochSeconds("99991231235959") else { return nil }
        // Shifting a zone can leave the four-digit years (9999-12-31T23:00-05:00); DTM cannot say that.
        let local = utc - from + to
        guard (first...last).contains(local) else { return nil }
        return HL7Timestamp.format(epochSeconds: local)
    }

    /// The seconds (UTC) a FHIR date/dateTime value covers: `2026` is the whole year, `2026-11-22`
    /// the whole day, `…T09:30` the whole minute. Values without a zone are in `zone`.
    public static func range(_ text: String, zone: String) -> ClosedRange<Int64>? {
        guard let (digits, given) = parse(text), let offset = offsetSeconds(given ?? zone),
              let lower = HL7Timestamp.epochSeconds(digits) else { return nil }
        let d = Array(digits)
        // The last day of the year or month, not the first of the next one: year 9999 has no successor.
        let lastDay: String?
        switch d.count {
        case 4: lastDay = digits + "1231"
        case 6: lastDay = Int(String(d[4..<6])).map { digits + String(daysIn(month: $0, year: Int(String(d[0..<4])) ?? 0)) }
        default: lastDay = nil
        }
        let upper: Int64
        if let lastDay {
            guard let start = HL7Timestamp.epochSeconds(lastDay) else { return nil }
            upper = start + 86_399
        } else {
            upper = lower + (d.count == 8 ? 86_399 : d.count == 12 ? 59 : 0)
        }
        return (lower - offset)...(upper - offset)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
