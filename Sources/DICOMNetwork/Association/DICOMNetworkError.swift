/// Why an SCU operation did not complete.
public enum DICOMNetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    case rejected(AssociateReject)
    case aborted(Abort)
    case connectionClosed
    case timedOut
    case notEstablished
    case noAcceptedContext(String)
    /// The connection under the association failed (e.g. the TLS handshake); the error as text.
    case transport(String)

    public var description: String {
        switch self {
        case .rejected(let reject): return "association rejected (result \(reject.result.rawValue), source \(reject.source.rawValue), reason \(reject.reason))"
        case .aborted(let abort): return "association aborted (source \(abort.source.rawValue), reason \(abort.reason))"
        case .connectionClosed: return "connection closed by the peer"
        case .timedOut: return "timed out waiting for the peer"
        case .notEstablished: return "association is not established"
        case .noAcceptedContext(let uid): return "no accepted presentation context for \(uid)"
        case .transport(let error): return "connection failed: \(error)"
        }
    }
}
