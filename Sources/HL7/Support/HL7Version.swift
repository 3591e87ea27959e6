/// An HL7 version number from MSH-12 (`2.3`, `2.5.1`, `2.8.2`), comparable.
public struct HL7Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let parts: [Int]

    public init?(_ text: String) {
        // On UTF-8 bytes: every message's version is read several times.
        var parts: [Int] = []
        parts.reserveCapacity(3)
        var value = 0, digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return nil }
                parts.append(value)
                value = 0
                digits = 0
            } else {
                guard byte >= 0x30, byte <= 0x39, digits < 2 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                digits += 1
            }
        }
        guard digits > 0 else { return nil }
        parts.append(value)
        guard (2...3).contains(parts.count) else { return nil }
        self.parts = parts
    }

    public static func < (a: HL7Version, b: HL7Version) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }
    public var description: String { parts.map(String.init).joined(separator: ".") }

    static let v2_5 = HL7Version("2.5")!
    /// The versions this codec reads: 2.1 up to the 2.8 family.
    public static let supported = HL7Version("2.1")!...HL7Version("2.8.99")!
}
