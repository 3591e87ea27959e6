/// An HL7 version number from MSH-12 (`2.3`, `2.5.1`, `2.8.2`), comparable.
public struct HL7Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let parts: [Int]

    public init?(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(pieces.count) else { return nil }
        var parts: [Int] = []
        for p in pieces {
            guard !p.isEmpty, p.count <= 2, p.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(p) else { return nil }
            parts.append(n)
        }
        self.parts = parts
    }

    public static func < (a: HL7Version, b: HL7Version) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }
    public var description: String { parts.map(String.init).joined(separator: ".") }

    static let v2_5 = HL7Version("2.5")!
    /// The versions this codec reads: 2.1 up to the 2.8 family.
    public static let supported = HL7Version("2.1")!...HL7Version("2.8.99")!
}
