/// A reference to another resource (`Reference`): literal (`Patient/1`, `#p1`), logical (by
/// identifier) or only a display text.
public struct Reference: Codable, Sendable, Hashable {
    public var reference: String?
    public var type: String?
    public var identifier: Identifier?
    public var display: String?

    public init(reference: String? = nil, type: String? = nil, identifier: Identifier? = nil, display: String? = nil) {
        self.reference = reference
        self.type = type
        self.identifier = identifier
        self.display = display.flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func to(_ type: String, _ id: String, display: String? = nil) -> Reference {
        Reference(reference: "\(type)/\(id)", display: display)
    }

    /// `(type, id)` of a relative or absolute literal reference (`Patient/1`, `http://x/fhir/Patient/1`).
    public var target: (type: String, id: String)? {
        guard let reference, !reference.hasPrefix("#") else { return nil }
        let parts = reference.split(separator: "/")
        guard parts.count >= 2 else { return nil }
        if parts.count >= 4, parts[parts.count - 2] == "_history" {
            return (String(parts[parts.count - 4]), String(parts[parts.count - 3]))
        }
        return (String(parts[parts.count - 2]), String(parts[parts.count - 1]))
    }
}
