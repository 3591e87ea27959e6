/// `answersAs:` on a destination: how it identifies itself when it sends application ACKs for the
/// critical-result notifications delivered to it (`workflow.criticalTo`) to our MLLP listener.
/// Only such an ACK closes a case; an ACK from any other sender is journaled and closes nothing.
///
///     destinations:
///       pager: { mllp: "10.1.2.3:6661", answersAs: { application: PAGER, facility: GENHOSP, host: 10.1.2.3 } }
public struct AcknowledgementSender: Sendable, Decodable, Equatable {
    /// MSH-3 of its ACKs.
    public var application: String
    /// MSH-4 of its ACKs; any when absent.
    public var facility: String?
    /// The IP address its connections come from; any when absent.
    public var host: String?

    public init(application: String, facility: String? = nil, host: String? = nil) {
        self.application = application
        self.facility = facility
        self.host = host
    }

    /// Whether a message with this MSH-3 and MSH-4 that arrived from `peer` (`ip:port`, `[ip6]:port`) is from this sender.
    func matches(application: String, facility: String, peer: String) -> Bool {
        guard application == self.application else { return false }
        if let expected = self.facility, expected != facility { return false }
        if let expected = host, expected != Self.host(of: peer) { return false }
        return true
    }

    static func host(of peer: String) -> String {
        if peer.hasPrefix("["), let close = peer.firstIndex(of: "]") { return String(peer[peer.index(after: peer.startIndex)..<close]) }
        guard let colon = peer.lastIndex(of: ":") else { return peer }
        return String(peer[..<colon])
    }
}
