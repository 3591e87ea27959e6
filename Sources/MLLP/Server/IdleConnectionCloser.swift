import Logging
import NIOCore

/// Closes a connection when `IdleStateHandler` reports that nothing was read for too long.
final class IdleConnectionCloser: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private let logger: Logger

    init(logger: Logger) { self.logger = logger }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            logger.info("MLLP closing idle connection",
                        metadata: ["peer": "\(context.remoteAddress.peerDescription)"])
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}
