import Logging
import NIOCore

/// Splits an MLLP byte stream into HL7 payloads.
///
/// A frame is a start block `0x0B`, the payload, and the end block `0x1C 0x0D`:
///
/// ```
///     bytes in (one read may hold any part of any frame):
///     +------+-----+--------+-----+----------------+----+----------+----+-----+
///     | junk | 0x0B| MSH|…  |     | …\r 0x1C 0x0D  |0x0B| MSH|…\r |0x1C| 0x0D|
///     +------+-----+--------+-----+----------------+----+----------+----+-----+
///        ▲ discarded, logged   ╰──── read 1 ─╯╰ read 2 ────────────────────╯
///
///     frames out:
///     +----------------+   +----------+
///     | MSH|…  …\r     |   | MSH|…\r  |
///     +----------------+   +----------+
/// ```
///
/// The rules live in ``MLLPFrameScanner``. When a read ends inside a frame that began in it, the
/// decoder fires ``MLLPFrameStarted`` down the pipeline, so that the server can hold the frame to a
/// deadline. A frame whose payload grows past `maximumFrameLength` makes `decode` throw
/// ``MLLPError/frameTooLarge(limit:)``; the channel should then answer with a NAK
/// and close, since the rest of the stream can no longer be trusted.
public struct MLLPFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public static let defaultMaximumFrameLength = 16 * 1024 * 1024

    public var maximumFrameLength: Int { scanner.maximumFrameLength }
    private var scanner: MLLPFrameScanner
    private let logger: Logger

    public init(maximumFrameLength: Int = MLLPFrameDecoder.defaultMaximumFrameLength,
                logger: Logger = Logger(label: "radbridge.mllp")) {
        self.scanner = MLLPFrameScanner(maximumFrameLength: maximumFrameLength)
        self.logger = logger
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let wasInsideFrame = scanner.insideFrame
        switch try scanner.scan(buffer.readableBytesView) {
        case .needMoreData(let junk):
            if junk > 0 { discardJunk(junk, from: &buffer, context: context) }
            if scanner.insideFrame, !wasInsideFrame { context.fireUserInboundEventTriggered(MLLPFrameStarted()) }
            return .needMoreData
        case .frame(let junk, let payloadLength):
            if junk > 0 { discardJunk(junk, from: &buffer, context: context) }
            buffer.moveReaderIndex(forwardBy: 1)
            let payload = buffer.readSlice(length: payloadLength)!
            buffer.moveReaderIndex(forwardBy: 2)
            context.fireChannelRead(wrapInboundOut(payload))
            return .continue
        }
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer,
                                    seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 || scanner.insideFrame {
            logger.warning("MLLP connection ended inside a frame; discarding \(buffer.readableBytes) bytes",
                           metadata: peerMetadata(context))
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            scanner.reset()
        }
        return .needMoreData
    }

    private func discardJunk(_ count: Int, from buffer: inout ByteBuffer, context: ChannelHandlerContext) {
        buffer.moveReaderIndex(forwardBy: count)
        logger.warning("MLLP discarded \(count) bytes outside a frame", metadata: peerMetadata(context))
    }

    private func peerMetadata(_ context: ChannelHandlerContext) -> Logger.Metadata {
        ["peer": "\(context.remoteAddress.peerDescription)"]
    }
}

/// Fired by ``MLLPFrameDecoder`` when a frame has begun but not yet ended in the bytes read so far.
public struct MLLPFrameStarted: Sendable {}
