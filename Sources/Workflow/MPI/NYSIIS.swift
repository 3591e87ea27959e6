/// The New York State Identification and Intelligence System phonetic code (the original
/// algorithm, keys truncated to six characters): names that sound alike share a code.
/// Works on ASCII bytes: it runs for every name of every new record.
public enum NYSIIS {
    public static func code(_ name: String) -> String {
        var s: [UInt8] = []
        s.reserveCapacity(name.utf8.count)
        if name.utf8.allSatisfy({ $0 < 128 }) {
            for b in name.utf8 {
                let upper = b >= 97 && b <= 122 ? b - 32 : b
                if upper >= 65 && upper <= 90 { s.append(upper) }
            }
        } else {
            // Uppercasing may change the letters (ß → SS): as the letters A–Z of the uppercased name.
            for scalar in name.uppercased().unicodeScalars where scalar.value >= 65 && scalar.value <= 90 { s.append(UInt8(scalar.value)) }
        }
        guard !s.isEmpty else { return "" }
        func hasPrefix(_ p: StaticString) -> Bool {
            p.utf8CodeUnitCount <= s.count && (0..<p.utf8CodeUnitCount).allSatisfy { s[$0] == p.utf8Start[$0] }
        }
        func hasSuffix(_ p: StaticString) -> Bool {
            let n = p.utf8CodeUnitCount, offset = s.count - n
            return n <= s.count && (0..<n).allSatisfy { s[offset + $0] == p.utf8Start[$0] }
        }
        let prefixes: [(StaticString, StaticString)] = [("MAC", "MCC"), ("KN", "NN"), ("K", "C"), ("PH", "FF"), ("PF", "FF"), ("SCH", "SSS")]
        for (from, to) in prefixes where hasPrefix(from) {
            for k in 0..<to.utf8CodeUnitCount { s[k] = to.utf8Start[k] }  // same length as `from`
            break
        }
        let (A, D, E, F, G, H, M, N, S, V, W, Y): (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (65, 68, 69, 70, 71, 72, 77, 78, 83, 86, 87, 89)
        if hasSuffix("EE") || hasSuffix("IE") {
            s.removeLast(2); s.append(Y)
        } else if hasSuffix("DT") || hasSuffix("RT") || hasSuffix("RD") || hasSuffix("NT") || hasSuffix("ND") {
            s.removeLast(2); s.append(D)
        }
        func isVowel(_ c: UInt8) -> Bool { c == A || c == E || c == 73 || c == 79 || c == 85 }
        var key: [UInt8] = [s[0]]
        func add(_ p: UInt8) { if key.last != p { key.append(p) } }
        var i = 1
        while i < s.count {
            let c = s[i]
            let next: UInt8? = i + 1 < s.count ? s[i + 1] : nil
            var first: UInt8, second: UInt8? = nil, third: UInt8? = nil
            if c == E, next == V { first = A; second = F; s[i + 1] = F; i += 1 }
            else if isVowel(c) { first = A }
            else if c == 81 /* Q */ { first = G }
            else if c == 90 /* Z */ { first = S }
            else if c == M { first = N }
            else if c == 75 /* K */ { first = next == N ? N : 67 /* C */ }
            else if c == S, i + 2 < s.count, s[i + 1] == 67, s[i + 2] == H { first = S; second = S; third = S; i += 2 }
            else if c == 80 /* P */, next == H { first = F; second = F; i += 1 }
            else if c == H, !isVowel(s[i - 1]) || next.map({ !isVowel($0) }) ?? true { first = s[i - 1] }
            else if c == W, isVowel(s[i - 1]) { first = s[i - 1] }
            else { first = c }
            s[i] = first
            add(first)
            if let second { add(second) }
            if let third { add(third) }
            i += 1
        }
        if key.count > 1, key.last == S { key.removeLast() }
        if key.count > 2, key[key.count - 2] == A, key[key.count - 1] == Y { key.removeLast(2); key.append(Y) }
        if key.count > 1, key.last == A { key.removeLast() }
        return String(decoding: key.prefix(6), as: UTF8.self)
    }
}
