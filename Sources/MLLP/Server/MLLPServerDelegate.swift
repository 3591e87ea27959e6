/// What a listener does with what it receives; the engine implements it.
public protocol MLLPServerDelegate: Sendable {
    /// The reply payload (an ACK) for one received frame, or nil to send nothing.
    /// Called for the frames of one connection one after another, in arrival order.
    func reply(to frame: MLLPInboundFrame) async -> [UInt8]?

    /// The reply (a NAK) sent before the connection is closed because the stream broke,
    /// for example a frame longer than the limit; nil to close without a reply.
    func replyToFramingError(_ error: MLLPError, peer: String) async -> [UInt8]?
}
