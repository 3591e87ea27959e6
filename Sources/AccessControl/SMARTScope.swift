/// A SMART App Launch scope for a backend service: `system/ServiceRequest.c`, `system/*.rs`,
/// `system/Patient.cruds?identifier=…` (v2), or `system/*.read` / `system/*.write` / `system/*.*` (v1).
public struct SMARTScope: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// `*` or a FHIR resource type.
    public var resourceType: String
    /// Granted interactions, a subset of `cruds` (create, read, update, delete, search).
    public var interactions: Set<Character>
    /// The v2 query that narrows the scope (`identifier=…`), kept for per-resource checks.
    public var query: String?

    /// Nil for anything else (`openid`, `launch`, `user/…`, `patient/…`, a malformed scope).
    public init?(_ text: String) {
        guard text.hasPrefix("system/") else { return nil }
        var rest = Substring(text.dropFirst("system/".count))
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        guard let dot = rest.lastIndex(of: ".") else { return nil }
        let type = rest[..<dot], action = rest[rest.index(after: dot)...]
        guard !type.isEmpty, type == "*" || type.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        resourceType = String(type)
        switch action {
        case "read": interactions = ["r", "s"]
        case "write": interactions = ["c", "u", "d"]
        case "*": interactions = ["c", "r", "u", "d", "s"]
        default:
            // v2: the letters of cruds, each at most once, in that order.
            let order: [Character] = ["c", "r", "u", "d", "s"]
            var position = 0
            var granted = Set<Character>()
            for letter in action {
                guard let index = order[position...].firstIndex(of: letter) else { return nil }
                granted.insert(letter)
                position = index + 1
            }
            guard !granted.isEmpty else { return nil }
            interactions = granted
        }
    }

    /// Read-only scopes (`r`, `s`) make a viewer; any create, update or delete makes an operator.
    /// No scope makes an admin.
    public var role: Role {
        interactions.isDisjoint(with: ["c", "u", "d"]) ? .viewer : .operator
    }

    public var description: String {
        let letters = ["c", "r", "u", "d", "s"].filter { interactions.contains(Character($0)) }.joined()
        return "system/\(resourceType).\(letters)" + (query.map { "?\($0)" } ?? "")
    }

    /// The scopes among a space-separated `scope` claim (or the entries of an `scp` array).
    public static func parse(_ scopes: [String]) -> [SMARTScope] {
        scopes.flatMap { $0.split(separator: " ") }.compactMap { SMARTScope(String($0)) }
    }
}
