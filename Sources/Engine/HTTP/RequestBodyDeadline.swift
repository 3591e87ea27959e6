import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// `http.requestBodyTimeout`: a request must arrive whole (head to end of body) within this time,
/// or it is answered 408 with a problem document and its connection closed.
///
/// Hummingbird's idle timeout does not cover it: every body part counts as activity, so a client
/// dribbling one byte a second holds its connection (and the handler reading the body) for ever.
/// This handler sits in the HTTP/1 pipeline after the codec, one per connection (Hummingbird's
/// `additionalChannelHandlers`): a timer starts at each request head and stops at its end.
final class RequestBodyDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    /// A response to the request being read has begun (its head went out).
    private var responding = false
    /// The deadline passed: the connection is closing, and nothing else may be written to it.
    private var expired = false

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !expired else { return }
        switch unwrapInboundIn(data) {
        case .head:
            responding = false
            timer?.cancel()
            let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
            timer = loop.scheduleTask(in: timeout) { [self] in expire(context) }
        case .body:
            break
        case .end:
            timer?.cancel()
            timer = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !expired else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        if case .head = unwrapOutboundIn(data) { responding = true }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    private func expire(_ context: ChannelHandlerContext) {
        timer = nil
        guard !expired, context.channel.isActive else { return }
        expired = true
        guard !responding else {
            // A response already began (e.g. an early refusal): it cannot be replaced, only cut short.
            context.close(promise: nil)
            return
        }
        let seconds = Double(timeout.nanoseconds) / 1e9
        let problem = ProblemDocument(.requestTimeout, "Request Timeout",
                                      detail: "the request body did not arrive within \(Self.format(seconds)) s (http.requestBodyTimeout)")
        let body = (try? JSONEncoder().encode(problem)).map { Array($0) } ?? []
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        fields[.contentLength] = String(body.count)
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .requestTimeout, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolatedUnsafeUnchecked().whenComplete { _ in context.close(promise: nil) }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
