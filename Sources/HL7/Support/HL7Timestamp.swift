#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HL7 DTM timestamps.
public enum HL7Timestamp {
    /// The current time as `YYYYMMDDHHMMSS+0000` (UTC).
    public static func now() -> String {
        format(epochSeconds: Int64(time(nil))) + "+0000"
    }

    /// Seconds since 1970-01-01 UTC for `YYYYMMDD[HH[MM[SS]]]` (an offset, when present, is
    /// applied; fractions are ignored). Nil when the text is not a valid timestamp.
    public static func epochSeconds(_ text: String) -> Int64? {
        guard isValid(text) else { return nil }
        let digits = Array(text.prefix { $0.isNumber }).map { Int64(String($0))! }
        func number(_ at: Int, _ width: Int) -> Int64 {
            guard at + width <= digits.count else { return at == 4 || at == 6 ? 1 : 0 }
            return digits[at..<(at + width)].reduce(0) { $0 * 10 + $1 }
        }
        let (y, m, d) = (number(0, 4), number(4, 2), number(6, 2))
        // Days from civil date (proleptic Gregorian), after H. Hinnant's algorithm.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        var seconds = days * 86400 + number(8, 2) * 3600 + number(10, 2) * 60 + number(12, 2)
        if let sign = text.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = Array(text[text.index(after: sign)...]).map { Int64(String($0))! }
            let offset = (zone[0] * 10 + zone[1]) * 3600 + (zone[2] * 10 + zone[3]) * 60
            seconds -= text[sign] == "+" ? offset : -offset
        }
        return seconds
    }

    /// `YYYYMMDDHHMMSS` (UTC) for seconds since 1970.
    public static func format(epochSeconds: Int64) -> String {
        var t = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2)
            + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2)
    }

    private static func pad(_ v: Int32, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// True for `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]` with plausible field values.
    public static func isValid(_ text: String) -> Bool {
        var body = Substring(text)
        if let sign = body.firstIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = body[body.index(after: sign)...]
            guard zone.count == 4, zone.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            body = body[..<sign]
        }
        var fraction: Substring = ""
        if let dot = body.firstIndex(of: ".") {
            fraction = body[body.index(after: dot)...]
            body = body[..<dot]
            guard body.count == 14, (1...4).contains(fraction.count),
                  fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        }
        guard [4, 6, 8, 10, 12, 14].contains(body.count), body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let digits = Array(body).map { Int(String($0))! }
        func number(_ at: Int) -> Int { digits[at] * 10 + digits[at + 1] }
        if digits.count >= 6, !(1...12).contains(number(4)) { return false }
        if digits.count >= 8, !(1...31).contains(number(6)) { return false }
        if digits.count >= 10, number(8) > 23 { return false }
        if digits.count >= 12, number(10) > 59 { return false }
        if digits.count >= 14, number(12) > 60 { return false }
        return true
    }
}
