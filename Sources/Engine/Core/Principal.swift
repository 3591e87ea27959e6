/// Who asked. Every command and query that enters RadBridge names its principal — an HTTP caller,
/// an MLLP or DICOM peer, or the engine itself — so that authorization and the audit trail have
/// one place to look.
public struct Principal: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// Nobody has said who they are (no authentication configured or offered).
        case anonymous
        /// A local API token, by its name.
        case token
        /// A user of the hospital's identity provider, by subject.
        case user
        /// A system on an MLLP or DICOM port, by its application^facility or AE title.
        case peer
        /// RadBridge itself: timers, replays, retries.
        case system
    }

    public var kind: Kind
    /// The token's name, the user, the peer's application or AE title; empty when anonymous.
    public var name: String
    /// The network address the request came from, when it came over the network.
    public var address: String?

    public init(kind: Kind, name: String, address: String? = nil) {
        self.kind = kind
        self.name = name
        self.address = address
    }

    public static let system = Principal(kind: .system, name: "radbridge")

    public static func anonymous(address: String?) -> Principal { Principal(kind: .anonymous, name: "", address: address) }

    public static func peer(_ name: String, address: String) -> Principal { Principal(kind: .peer, name: name, address: address) }

    /// e.g. `token:ris-admin@10.0.0.5`, `anonymous@127.0.0.1`, `system:radbridge`.
    public var description: String {
        let who = name.isEmpty ? kind.rawValue : "\(kind.rawValue):\(name)"
        return address.map { "\(who)@\($0)" } ?? who
    }
}
