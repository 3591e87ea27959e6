import Workflow

/// A person's name (`HumanName`).
public struct HumanName: Codable, Sendable, Hashable {
    public var use: String?
    public var text: String?
    public var family: String?
    public var given: [String]?
    public var prefix: [String]?
    public var suffix: [String]?

    public init(use: String? = nil, text: String? = nil, family: String? = nil, given: [String]? = nil,
                prefix: [String]? = nil, suffix: [String]? = nil) {
        self.use = use
        self.text = text
        self.family = family
        self.given = given
        self.prefix = prefix
        self.suffix = suffix
    }

    /// XPN: family, then given and middle names as `given`.
    init?(_ name: PersonName, use: String? = "official") {
        guard !name.isEmpty else { return nil }
        func nonEmpty(_ values: [String]) -> [String]? { let v = values.filter { !$0.isEmpty }; return v.isEmpty ? nil : v }
        self.init(use: use, family: name.family.isEmpty ? nil : name.family, given: nonEmpty([name.given, name.middle]),
                  prefix: nonEmpty([name.prefix]), suffix: nonEmpty([name.suffix]))
    }

    /// Back to an XPN (first two given names as given and middle).
    var personName: PersonName {
        PersonName(family: family ?? "", given: given?.first ?? "", middle: given.map { $0.dropFirst().joined(separator: " ") } ?? "",
                   suffix: suffix?.first ?? "", prefix: prefix?.first ?? "")
    }

    /// Given names then family, for a reference's display.
    var displayText: String {
        ((prefix ?? []) + (given ?? []) + [family].compactMap { $0 } + (suffix ?? [])).joined(separator: " ")
    }
}
