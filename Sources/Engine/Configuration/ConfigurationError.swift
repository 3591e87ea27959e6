public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
    case invalidAddress(String)
    case unknownDestination(route: Int, name: String)
    case invalidValue(String)

    public var description: String {
        switch self {
        case .invalidAddress(let text): return "not a host:port address: \(text)"
        case .unknownDestination(let route, let name): return "route \(route + 1) sends to unknown destination '\(name)'"
        case .invalidValue(let text): return text
        }
    }
}
