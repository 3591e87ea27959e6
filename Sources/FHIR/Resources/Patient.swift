/// `Patient`.
public struct Patient: Codable, Sendable, Hashable {
    public var resourceType = "Patient"
    public var id: String?
    public var identifier: [Identifier]?
    public var active: Bool?
    public var name: [HumanName]?
    public var gender: String?
    public var birthDate: String?
    public var link: [Link]?

    /// `replaced-by` points from a record merged away to the survivor.
    public struct Link: Codable, Sendable, Hashable {
        public var other: Reference
        public var type: String
    }

    public init(id: String? = nil, identifier: [Identifier]? = nil, active: Bool? = nil, name: [HumanName]? = nil,
                gender: String? = nil, birthDate: String? = nil, link: [Link]? = nil) {
        self.id = id
        self.identifier = identifier
        self.active = active
        self.name = name
        self.gender = gender
        self.birthDate = birthDate
        self.link = link
    }
}
