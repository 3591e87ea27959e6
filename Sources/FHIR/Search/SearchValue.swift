/// One value of a search parameter as the client wrote it, parsed for its parameter's type.
enum SearchValue {
    case token(system: String?, code: String?)
    case string(String)
    case date(prefix: String, range: ClosedRange<Int64>)
    case reference(type: String?, id: String)

    /// Parses `value` for `kind`; throws a 400 for a value the type cannot read.
    static func parse(_ value: String, kind: SearchParameterKind, name: String, zone: String) throws(FHIRError) -> SearchValue {
        switch kind {
        case .token:
            guard let bar = value.firstIndex(of: "|") else { return .token(system: nil, code: value) }
            let system = String(value[..<bar]), code = String(value[value.index(after: bar)...])
            return .token(system: system, code: code.isEmpty ? nil : code)
        case .string:
            return .string(value)
        case .date:
            let prefixes = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"]
            var prefix = "eq", text = value
            if let p = prefixes.first(where: { value.hasPrefix($0) }) {
                prefix = p
                text = String(value.dropFirst(2))
            }
            guard let range = FHIRTime.range(text, zone: zone) else {
                throw .invalid("'\(value)' is not a date for \(name) (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime, with an optional prefix eq, ne, gt, lt, ge, le, sa, eb)",
                               expression: name)
            }
            return .date(prefix: prefix, range: range)
        case .reference:
            let parts = value.split(separator: "/")
            if parts.count >= 2 { return .reference(type: String(parts[parts.count - 2]), id: String(parts[parts.count - 1])) }
            guard !value.isEmpty else { throw .invalid("an empty reference for \(name)", expression: name) }
            return .reference(type: nil, id: value)
        }
    }

    /// Whether one value of a resource matches (`modifier` already checked against the type).
    func matches(_ target: SearchTarget, modifier: String?) -> Bool {
        switch (self, target) {
        case (.token(let system, let code), .token(let targetSystem, let targetCode)):
            if let system {
                if system.isEmpty { guard targetSystem == nil || targetSystem == "" else { return false } }
                else { guard targetSystem == system else { return false } }
            }
            return code == nil || code == targetCode
        case (.string(let text), .string(let value)):
            let a = value.lowercased(), b = text.lowercased()
            switch modifier {
            case "exact": return value == text
            case "contains": return a.contains(b)
            default: return a.hasPrefix(b) || a.split(separator: " ").contains { $0.hasPrefix(b) }
            }
        case (.date(let prefix, let p), .date(let t)):
            switch prefix {
            case "ne": return !(p.lowerBound <= t.lowerBound && t.upperBound <= p.upperBound)
            case "gt": return t.upperBound > p.upperBound
            case "lt": return t.lowerBound < p.lowerBound
            case "ge": return t.upperBound >= p.lowerBound
            case "le": return t.lowerBound <= p.upperBound
            case "sa": return t.lowerBound > p.upperBound
            case "eb": return t.upperBound < p.lowerBound
            case "ap": return t.overlaps(p)
            default: return p.lowerBound <= t.lowerBound && t.upperBound <= p.upperBound
            }
        case (.reference(let type, let id), .reference(let targetType, let targetID)):
            return id == targetID && (type == nil || type == targetType)
        default:
            return false
        }
    }
}
