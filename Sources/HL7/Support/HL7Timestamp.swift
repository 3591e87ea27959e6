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
        // On the UTF-8 bytes that `isValid` checked: only ASCII digits are read as digits.
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBufferPointer(isValid(bytes:)) else { return nil }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        let digits = bytes.prefix(while: isDigit).map { Int64($0 - 0x30) }
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
        // `isValid` allows a sign only before exactly four digits at the end.
        if let sign = bytes.firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }), bytes.count == sign + 5 {
            let zone = bytes[(sign + 1)...].map { Int64($0 - 0x30) }
            let offset = (zone[0] * 10 + zone[1]) * 3600 + (zone[2] * 10 + zone[3]) * 60
            seconds -= bytes[sign] == UInt8(ascii: "+") ? offset : -offset
        }
        return seconds
    }

    /// `YYYYMMDDHHMMSS` (UTC) for seconds since 1970.
    public static func format(epochSeconds: Int64) -> String {
        var t = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        var bytes = [UInt8](repeating: 0x30, count: 14)
        for (value, end) in [(parts.tm_year + 1900, 4), (parts.tm_mon + 1, 6), (parts.tm_mday, 8),
                             (parts.tm_hour, 10), (parts.tm_min, 12), (parts.tm_sec, 14)] {
            var rest = max(0, Int(value)), at = end - 1
            while rest > 0, at >= 0 {
                bytes[at] = UInt8(0x30 + rest % 10)
                rest /= 10
                at -= 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// True for `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]` with plausible field values.
    public static func isValid(_ text: String) -> Bool {
        // On UTF-8 bytes: the validator checks every timestamp of every message.
        var text = text
        return text.withUTF8 { isValid(bytes: $0) }
    }

    private static func isValid(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var end = bytes.count
        if let sign = bytes.firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
            guard end - sign - 1 == 4, bytes[(sign + 1)...].allSatisfy(isDigit) else { return false }
            end = sign
        }
        if let dot = bytes[..<end].firstIndex(of: UInt8(ascii: ".")) {
            let fraction = end - dot - 1
            guard dot == 14, (1...4).contains(fraction), bytes[(dot + 1)..<end].allSatisfy(isDigit) else { return false }
            end = dot
        }
        guard [4, 6, 8, 10, 12, 14].contains(end), bytes[..<end].allSatisfy(isDigit) else { return false }
        func number(_ at: Int) -> Int { Int(bytes[at] - 0x30) * 10 + Int(bytes[at + 1] - 0x30) }
        if end >= 6, !(1...12).contains(number(4)) { return false }
        if end >= 8, !(1...31).contains(number(6)) { return false }
        if end >= 10, number(8) > 23 { return false }
        if end >= 12, number(10) > 59 { return false }
        if end >= 14, number(12) > 60 { return false }
        return true
    }
}
