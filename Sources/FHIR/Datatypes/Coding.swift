/// A code in a code system (`Coding`).
public struct Coding: Codable, Sendable, Hashable {
    public var system: String?
    public var code: String?
    public var display: String?

    public init(system: String?, code: String?, display: String? = nil) {
        self.system = system
        self.code = code
        self.display = display.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// One concept in one or more code systems, with its text (`CodeableConcept`).
public struct CodeableConcept: Codable, Sendable, Hashable {
    public var coding: [Coding]?
    public var text: String?

    public init(coding: [Coding]? = nil, text: String? = nil) {
        self.coding = coding.flatMap { $0.isEmpty ? nil : $0 }
        self.text = text.flatMap { $0.isEmpty ? nil : $0 }
    }

    public func contains(system: String?, code: String) -> Bool {
        (coding ?? []).contains { $0.code == code && (system == nil || $0.system == system) }
    }
}
