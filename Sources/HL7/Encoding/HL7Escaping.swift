/// HL7 escape sequences (v2.x chapter 2): `\F\ \S\ \T\ \R\ \E\ \P\` for the delimiters, `\Xhh…\`
/// for raw bytes, `\H\ \N\` highlighting, `\.br\` line breaks. Sequences a reader cannot turn into
/// text (`\Cxxyy\`, `\Mxxyyzz\`, `\Zxx\`, other formatting commands, a lone escape character) are
/// kept verbatim, so reading never fails and never loses bytes.
enum HL7Escaping {
    /// True when decoding `bytes` would change them.
    @inline(__always)
    static func needsUnescape(_ bytes: ArraySlice<UInt8>, _ d: HL7Delimiters) -> Bool {
        guard let esc = d.escape else { return false }
        return bytes.contains(esc)
    }

    static func unescape(_ bytes: ArraySlice<UInt8>, _ d: HL7Delimiters) -> [UInt8] {
        guard let esc = d.escape else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            guard b == esc, let close = bytes[(i + 1)...].firstIndex(of: esc) else {
                out.append(b)
                i += 1
                continue
            }
            let body = bytes[(i + 1)..<close]
            if let decoded = decode(body, d) {
                out.append(contentsOf: decoded)
            } else {
                out.append(contentsOf: bytes[i...close])
            }
            i = close + 1
        }
        return out
    }

    /// The bytes one escape sequence stands for, or nil when it is kept verbatim.
    private static func decode(_ body: ArraySlice<UInt8>, _ d: HL7Delimiters) -> [UInt8]? {
        if body.count == 1, let only = body.first {
            switch only {
            case UInt8(ascii: "F"): return [d.field]
            case UInt8(ascii: "S"): return [d.component]
            case UInt8(ascii: "T"): return d.subcomponent.map { [$0] }
            case UInt8(ascii: "R"): return d.repetition.map { [$0] }
            case UInt8(ascii: "E"): return d.escape.map { [$0] }
            case UInt8(ascii: "P"): return d.truncation.map { [$0] }
            case UInt8(ascii: "H"), UInt8(ascii: "N"): return []
            default: return nil
            }
        }
        if body.elementsEqual(".br".utf8) { return [0x0A] }
        if body.first == UInt8(ascii: "X"), body.count >= 3, (body.count - 1) % 2 == 0 {
            var out: [UInt8] = []
            var k = body.startIndex + 1
            while k < body.endIndex {
                guard let hi = hexValue(body[k]), let lo = hexValue(body[k + 1]) else { return nil }
                out.append(hi << 4 | lo)
                k += 2
            }
            return out
        }
        return nil
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    /// Escapes text bytes so they can stand as one leaf value: delimiters become `\F\`…, a line
    /// feed becomes `\.br\`, a carriage return `\X0D\` (a raw one would end the segment).
    static func escape(_ bytes: [UInt8], _ d: HL7Delimiters) throws(HL7ParseError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for b in bytes {
            let code: String?
            switch b {
            case d.field: code = "F"
            case d.component: code = "S"
            case d.subcomponent: code = "T"
            case d.repetition: code = "R"
            case d.escape: code = "E"
            case d.truncation: code = "P"
            case 0x0A: code = ".br"
            case 0x0D: code = "X0D"
            default: code = nil
            }
            guard let code else {
                out.append(b)
                continue
            }
            guard let esc = d.escape else {
                throw .unencodable("the value contains \(HL7Delimiters.describe(b)) and the message declares no escape character")
            }
            out.append(esc)
            out.append(contentsOf: code.utf8)
            out.append(esc)
        }
        return out
    }

    /// Finds escape sequences that never close: the escape character with no partner before the
    /// end of the leaf value. Returns the offsets of the lone escape characters.
    static func unterminatedEscapes(in bytes: ArraySlice<UInt8>, _ d: HL7Delimiters) -> [Int] {
        guard let esc = d.escape else { return [] }
        var lone: [Int] = []
        var open: Int? = nil
        for i in bytes.indices {
            let b = bytes[i]
            if b == esc {
                open = open == nil ? i : nil
            } else if b == d.component || b == d.repetition || b == d.subcomponent {
                if let o = open { lone.append(o) }
                open = nil
            }
        }
        if let o = open { lone.append(o) }
        return lone
    }
}
