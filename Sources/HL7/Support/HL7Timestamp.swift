#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HL7 DTM timestamps.
public enum HL7Timestamp {
    /// The current time as `YYYYMMDDHHMMSS+0000` (UTC).
    public static func now() -> String {
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(parts.tm_year + 1900, 4) + pad(parts.tm_mon + 1, 2) + pad(parts.tm_mday, 2)
            + pad(parts.tm_hour, 2) + pad(parts.tm_min, 2) + pad(parts.tm_sec, 2) + "+0000"
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
