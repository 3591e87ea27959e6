import Logging
import NIOCore

/// Holds a connection to two clocks, both counted in frames rather than bytes, so that a client
/// cannot keep a connection by dribbling: it is closed when no whole frame arrived for
/// `idleTimeout`, and when a frame that has begun is not complete within `frameTimeout`.
///
/// Sits after ``MLLPFrameDecoder``: a decoded frame restarts the idle clock, ``MLLPFrameStarted``
/// starts the frame clock. The clocks are timestamps checked by one scheduled task each, so a
/// frame costs a clock read, not a timer.
final class MLLPConnectionTimer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let idleTimeout: TimeAmount
    private let frameTimeout: TimeAmount
    private let logger: Logger
    private var lastFrameAt = NIODeadline.now()
    private var frameStartedAt: NIODeadline?
    private var idleCheck: Scheduled<Void>?
    private var frameCheck: Scheduled<Void>?

    init(idleTimeout: TimeAmount, frameTimeout: TimeAmount, logger: Logger) {
        self.idleTimeout = idleTimeout
        self.frameTimeout = frameTimeout
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelChecks()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelChecks()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastFrameAt = .now()
        frameStartedAt = nil
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is MLLPFrameStarted else { return context.fireUserInboundEventTriggered(event) }
        let now = NIODeadline.now()
        frameStartedAt = now
        if frameCheck == nil { scheduleFrameCheck(at: now + frameTimeout, context) }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard idleCheck == nil else { return }
        lastFrameAt = .now()
        scheduleIdleCheck(at: lastFrameAt + idleTimeout, context)
    }

    private func scheduleIdleCheck(at deadline: NIODeadline, _ context: ChannelHandlerContext) {
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            let context = bound.value
            let due = lastFrameAt + idleTimeout
            // A frame under way answers to the frame clock; the idle clock waits for it.
            if frameStartedAt == nil, due <= .now() {
                close(context, "no complete frame for \(idleTimeout.seconds) s")
            } else {
                scheduleIdleCheck(at: frameStartedAt.map { max(due, $0 + frameTimeout) } ?? due, context)
            }
        }
    }

    private func scheduleFrameCheck(at deadline: NIODeadline, _ context: ChannelHandlerContext) {
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        frameCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            frameCheck = nil
            guard let startedAt = frameStartedAt else { return }
            let due = startedAt + frameTimeout
            if due <= .now() {
                close(bound.value, "frame not complete within \(frameTimeout.seconds) s")
            } else {
                scheduleFrameCheck(at: due, bound.value)
            }
        }
    }

    private func close(_ context: ChannelHandlerContext, _ reason: String) {
        logger.info("MLLP closing connection: \(reason)", metadata: ["peer": "\(context.remoteAddress.peerDescription)"])
        cancelChecks()
        context.close(promise: nil)
    }

    private func cancelChecks() {
        idleCheck?.cancel()
        idleCheck = nil
        frameCheck?.cancel()
        frameCheck = nil
    }
}

extension TimeAmount {
    /// Whole seconds, or a fraction for the short timeouts tests use.
    var seconds: String {
        nanoseconds % 1_000_000_000 == 0 ? "\(nanoseconds / 1_000_000_000)" : "\(Double(nanoseconds) / 1e9)"
    }
}
