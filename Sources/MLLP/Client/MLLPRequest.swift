import NIOCore

/// A payload to send and the promise its reply frame completes.
struct MLLPRequest: Sendable {
    var payload: ByteBuffer
    var reply: EventLoopPromise<ByteBuffer>
    var timeout: TimeAmount
}
