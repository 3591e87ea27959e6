/// A business identifier with the system that issues it (`Identifier`).
public struct Identifier: Codable, Sendable, Hashable {
    public var use: String?
    public var type: CodeableConcept?
    public var system: String?
    public var value: String?
    public var assigner: Assigner?

    /// The organization that assigned the identifier, by name only (a `Reference` with `display`).
    public struct Assigner: Codable, Sendable, Hashable {
        public var display: String?
        public init(display: String?) { self.display = display }
    }

    public init(use: String? = nil, type: CodeableConcept? = nil, system: String?, value: String?, assigner: String? = nil) {
        self.use = use
        self.type = type
        self.system = system
        self.value = value
        self.assigner = assigner.flatMap { $0.isEmpty ? nil : Assigner(display: $0) }
    }

    /// The v2 table 0203 type code (`MR`, `ACSN`, `PLAC`, …).
    public var typeCode: String? {
        type?.coding?.first { $0.system == FHIRSystems.identifierType }?.code
    }
}
