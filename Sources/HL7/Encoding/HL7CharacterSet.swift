/// The character set MSH-18 declares (its first repetition). Values are decoded with it.
public enum HL7CharacterSet: Sendable, Hashable, CustomStringConvertible {
    /// No MSH-18, or `ASCII`. Non-ASCII bytes are read as UTF-8, which is what senders that
    /// leave MSH-18 empty send in practice.
    case ascii
    /// `8859/1`: ISO Latin-1.
    case latin1
    /// `UNICODE UTF-8`.
    case utf8
    /// Anything else, kept verbatim. Values are read as UTF-8 and validation reports the
    /// declaration (table 0211) as unsupported.
    case unsupported(String)

    init(declaration: ArraySlice<UInt8>) {
        var name = String(decoding: declaration, as: UTF8.self)
        while name.first == " " { name.removeFirst() }
        while name.last == " " { name.removeLast() }
        switch name.uppercased() {
        case "", "ASCII": self = .ascii
        case "8859/1", "ISO IR100", "ISO_IR 100": self = .latin1
        case "UNICODE UTF-8", "UTF-8", "ISO IR192", "ISO_IR 192": self = .utf8
        default: self = .unsupported(name)
        }
    }

    public var isSupported: Bool {
        if case .unsupported = self { return false }
        return true
    }

    /// The MSH-18 value that declares this set ("" for the default).
    public var description: String {
        switch self {
        case .ascii: return "ASCII"
        case .latin1: return "8859/1"
        case .utf8: return "UNICODE UTF-8"
        case .unsupported(let name): return name
        }
    }

    public func decode(_ bytes: ArraySlice<UInt8>) -> String {
        switch self {
        case .latin1:
            var s = String()
            s.unicodeScalars.reserveCapacity(bytes.count)
            for b in bytes { s.unicodeScalars.append(Unicode.Scalar(b)) }
            return s
        case .ascii, .utf8, .unsupported:
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    public func encode(_ text: String) throws(HL7ParseError) -> [UInt8] {
        switch self {
        case .latin1:
            var out: [UInt8] = []
            out.reserveCapacity(text.unicodeScalars.count)
            for scalar in text.unicodeScalars {
                guard scalar.value < 0x100 else {
                    throw .unencodable("U+\(String(scalar.value, radix: 16, uppercase: true)) is not in 8859/1")
                }
                out.append(UInt8(scalar.value))
            }
            return out
        case .ascii, .utf8, .unsupported:
            return Array(text.utf8)
        }
    }
}
