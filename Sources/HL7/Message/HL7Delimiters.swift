/// The delimiters a message declares in MSH-1 and MSH-2.
///
/// Only the field separator and the component separator are mandatory; older or broken
/// senders omit the others, and a delimiter that is absent simply never splits anything.
public struct HL7Delimiters: Sendable, Hashable {
    public var field: UInt8
    public var component: UInt8
    public var repetition: UInt8?
    public var escape: UInt8?
    public var subcomponent: UInt8?
    /// The 2.7+ truncation character (fifth character of MSH-2).
    public var truncation: UInt8?

    public init(
        field: UInt8 = UInt8(ascii: "|"), component: UInt8 = UInt8(ascii: "^"),
        repetition: UInt8? = UInt8(ascii: "~"), escape: UInt8? = UInt8(ascii: "\\"),
        subcomponent: UInt8? = UInt8(ascii: "&"), truncation: UInt8? = nil
    ) {
        self.field = field
        self.component = component
        self.repetition = repetition
        self.escape = escape
        self.subcomponent = subcomponent
        self.truncation = truncation
    }

    public static let standard = HL7Delimiters()

    /// MSH-2 as it is written: component, repetition, escape, subcomponent, truncation.
    public var encodingCharacters: [UInt8] {
        var chars = [component]
        for optional in [repetition, escape, subcomponent, truncation] {
            guard let c = optional else { break }
            chars.append(c)
        }
        return chars
    }

    /// True when `byte` separates anything in this message (used to decide what to escape).
    func isDelimiter(_ byte: UInt8) -> Bool {
        byte == field || byte == component || byte == repetition || byte == escape
            || byte == subcomponent || byte == truncation
    }
}

extension HL7Delimiters {
    /// Reads MSH-1 and MSH-2 from a header segment (`MSH`, `BHS` or `FHS`) starting at `start`.
    /// Returns the delimiters and the offset just past the field separator that ends MSH-2.
    static func read(from bytes: UnsafeBufferPointer<UInt8>, at start: Int) throws(HL7ParseError) -> (HL7Delimiters, Int) {
        let n = bytes.count
        guard start + 4 <= n else { throw .truncatedHeader("the header ends before its field separator") }
        let fieldSeparator = bytes[start + 3]
        guard isLegalDelimiter(fieldSeparator) else {
            throw .invalidDelimiters("MSH-1 field separator \(describe(fieldSeparator)) is not a legal delimiter")
        }
        var chars: [UInt8] = []
        var i = start + 4
        while i < n, bytes[i] != fieldSeparator {
            let b = bytes[i]
            if b == 0x0D || b == 0x0A {
                throw .truncatedHeader("MSH-2 encoding characters are not followed by a field separator; the header ends at byte \(i)")
            }
            chars.append(b)
            i += 1
        }
        guard i < n else {
            throw .truncatedHeader("MSH-2 encoding characters are not followed by a field separator")
        }
        guard !chars.isEmpty else { throw .invalidDelimiters("MSH-2 is empty: no encoding characters") }
        guard chars.count <= 5 else {
            throw .invalidDelimiters("MSH-2 has \(chars.count) encoding characters; at most 5 are allowed (^~\\&#)")
        }
        var seen: Set<UInt8> = [fieldSeparator]
        for c in chars {
            guard isLegalDelimiter(c) else {
                throw .invalidDelimiters("MSH-2 contains \(describe(c)), which is not a legal delimiter")
            }
            guard seen.insert(c).inserted else {
                throw .invalidDelimiters("MSH-2 uses \(describe(c)) for two different delimiters")
            }
        }
        func at(_ k: Int) -> UInt8? { k < chars.count ? chars[k] : nil }
        let delimiters = HL7Delimiters(
            field: fieldSeparator, component: chars[0], repetition: at(1), escape: at(2),
            subcomponent: at(3), truncation: at(4))
        return (delimiters, i + 1)
    }

    /// Printable ASCII punctuation only: letters, digits, spaces, controls and non-ASCII bytes would
    /// make the message ambiguous.
    private static func isLegalDelimiter(_ b: UInt8) -> Bool {
        guard b > 0x20, b < 0x7F else { return false }
        let isAlnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        return !isAlnum
    }

    static func describe(_ b: UInt8) -> String {
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + hexByte(b)
    }
}

func hexByte(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(b >> 4)], digits[Int(b & 0xF)]])
}
