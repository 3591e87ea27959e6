/// Failures of MLLP framing and transport.
public enum MLLPError: Error, Equatable, Sendable {
    /// A frame grew past the configured limit; the stream cannot be resynchronised safely.
    case frameTooLarge(limit: Int)
    /// No reply frame arrived in time.
    case replyTimeout
    /// The connection closed before a reply frame arrived.
    case connectionClosed
    /// The connection could not be opened.
    case connectFailed(String)
}
