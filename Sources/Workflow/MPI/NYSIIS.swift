/// The New York State Identification and Intelligence System phonetic code (the original
/// algorithm, keys truncated to six characters): names that sound alike share a code.
public enum NYSIIS {
    public static func code(_ name: String) -> String {
        var s = Array(name.uppercased().unicodeScalars.filter { $0.value >= 65 && $0.value <= 90 }.map(Character.init))
        guard !s.isEmpty else { return "" }
        func hasPrefix(_ p: String) -> Bool { s.starts(with: Array(p)) }
        func hasSuffix(_ p: String) -> Bool { s.count >= p.count && Array(s.suffix(p.count)) == Array(p) }
        for (from, to) in [("MAC", "MCC"), ("KN", "NN"), ("K", "C"), ("PH", "FF"), ("PF", "FF"), ("SCH", "SSS")] where hasPrefix(from) {
            s.replaceSubrange(0..<from.count, with: Array(to))
            break
        }
        if hasSuffix("EE") || hasSuffix("IE") {
            s.removeLast(2); s.append("Y")
        } else if ["DT", "RT", "RD", "NT", "ND"].contains(where: hasSuffix) {
            s.removeLast(2); s.append("D")
        }
        let vowels: Set<Character> = ["A", "E", "I", "O", "U"]
        var key: [Character] = [s[0]]
        var i = 1
        while i < s.count {
            var piece: [Character]
            let c = s[i]
            let next: Character? = i + 1 < s.count ? s[i + 1] : nil
            if c == "E", next == "V" { piece = ["A", "F"]; s[i + 1] = "F"; i += 1 }
            else if vowels.contains(c) { piece = ["A"] }
            else if c == "Q" { piece = ["G"] }
            else if c == "Z" { piece = ["S"] }
            else if c == "M" { piece = ["N"] }
            else if c == "K" { piece = next == "N" ? ["N"] : ["C"] }
            else if c == "S", i + 2 < s.count, s[i + 1] == "C", s[i + 2] == "H" { piece = ["S", "S", "S"]; i += 2 }
            else if c == "P", next == "H" { piece = ["F", "F"]; i += 1 }
            else if c == "H", !vowels.contains(s[i - 1]) || next.map({ !vowels.contains($0) }) ?? true { piece = [s[i - 1]] }
            else if c == "W", vowels.contains(s[i - 1]) { piece = [s[i - 1]] }
            else { piece = [c] }
            s[i] = piece[0]
            for p in piece where key.last != p { key.append(p) }
            i += 1
        }
        if key.count > 1, key.last == "S" { key.removeLast() }
        if key.count > 2, key.suffix(2) == ["A", "Y"] { key.removeLast(2); key.append("Y") }
        if key.count > 1, key.last == "A" { key.removeLast() }
        return String(key.prefix(6))
    }
}
