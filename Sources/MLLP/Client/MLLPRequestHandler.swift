import NIOCore

/// Matches reply frames to requests in order; fails every open request on timeout or close.
///
/// After a timeout the connection is closed: a late reply could otherwise be taken
/// for the reply to the next request.
final class MLLPRequestHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = MLLPRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var reply: EventLoopPromise<ByteBuffer>
        var timeout: Scheduled<Void>
    }

    private var pending: [Pending] = []
    private var failure: MLLPError?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.reply.fail(failure)
            promise?.fail(failure)
            return
        }
        let loopBoundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let timeout = context.eventLoop.assumeIsolated().scheduleTask(in: request.timeout) { [self] in
            failAll(.replyTimeout, context: loopBoundContext.value)
        }
        pending.append(Pending(reply: request.reply, timeout: timeout))
        context.write(wrapOutboundOut(request.payload), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !pending.isEmpty else { return }  // unsolicited frame: nobody is waiting for it
        let first = pending.removeFirst()
        first.timeout.cancel()
        first.reply.succeed(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.connectionClosed, context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error as? MLLPError ?? .connectionClosed, context: context)
    }

    private func failAll(_ error: MLLPError, context: ChannelHandlerContext) {
        if failure == nil { failure = error }
        let failed = pending
        pending = []
        // Closed before the waiters hear of it, so that they see an inactive connection.
        context.close(promise: nil)
        for request in failed {
            request.timeout.cancel()
            request.reply.fail(error)
        }
    }
}
