import HL7

/// An XPN / DICOM PN name: family, given, middle, suffix, prefix.
public struct PersonName: Hashable, Sendable, Codable {
    public var family: String
    public var given: String
    public var middle: String
    public var suffix: String
    public var prefix: String

    public init(family: String = "", given: String = "", middle: String = "", suffix: String = "", prefix: String = "") {
        self.family = family
        self.given = given
        self.middle = middle
        self.suffix = suffix
        self.prefix = prefix
    }

    /// From the first repetition of an XPN (or XCN starting at `offset`, whose component 1 is an ID).
    init(xpn field: HL7Element?, offset: Int = 0) {
        let name = field?.level == .field ? field?.child(1) : field
        func part(_ n: Int) -> String { name?.child(n + offset)?.child(1)?.value ?? "" }
        self.init(family: part(1), given: part(2), middle: part(3), suffix: part(4), prefix: part(5))
    }

    /// DICOM PN alphabetic group: `Family^Given^Middle^Prefix^Suffix`, trailing empties dropped.
    public var dicom: String {
        var parts = [family, given, middle, prefix, suffix]
        while parts.last == "" { parts.removeLast() }
        return parts.joined(separator: "^")
    }

    public var isEmpty: Bool { family.isEmpty && given.isEmpty && middle.isEmpty }
}
