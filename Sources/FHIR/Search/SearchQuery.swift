/// The query of a search interaction: its parameters in the order written, and how to treat
/// parameters the server does not support (`Prefer: handling=strict|lenient`, lenient by default).
public struct SearchQuery: Sendable {
    public var items: [(name: String, value: String)]
    public var strict: Bool

    public init(items: [(name: String, value: String)], strict: Bool = false) {
        self.items = items
        self.strict = strict
    }

    /// Reads `handling` from a Prefer header (`return=minimal, handling=strict`).
    public static func isStrict(prefer: String?) -> Bool {
        guard let prefer else { return false }
        return prefer.split(whereSeparator: { $0 == "," || $0 == ";" })
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .contains("handling=strict")
    }
}

private extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

private extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}
