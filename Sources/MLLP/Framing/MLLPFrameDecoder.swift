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
/// The decoder remembers how far it already scanned for the end block, so a
/// large frame that arrives in many small reads is scanned once, not once per read.
/// A frame whose payload grows past `maximumFrameLength` makes `decode` throw
/// ``MLLPError/frameTooLarge(limit:)``; the channel should then answer with a NAK
/// and close, since the rest of the stream can no longer be trusted.
public struct MLLPFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public static let defaultMaximumFrameLength = 16 * 1024 * 1024

    public let maximumFrameLength: Int
    private let logger: Logger
    /// Bytes of the current frame (counted from its start block) already searched for the end block.
    private var scanned = 0
    private var insideFrame = false

    public init(maximumFrameLength: Int = MLLPFrameDecoder.defaultMaximumFrameLength,
                logger: Logger = Logger(label: "radbridge.mllp")) {
        self.maximumFrameLength = maximumFrameLength
        self.logger = logger
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if !insideFrame {
            guard findStartBlock(in: &buffer, context: context) else { return .needMoreData }
        }
        guard let frame = try findFrameEnd(in: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer,
                                    seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0 || insideFrame {
            logger.warning("MLLP connection ended inside a frame; discarding \(buffer.readableBytes) bytes",
                           metadata: peerMetadata(context))
            buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
            insideFrame = false
            scanned = 0
        }
        return .needMoreData
    }

    /// Drops everything before the next start block; returns false when none is buffered yet.
    private mutating func findStartBlock(in buffer: inout ByteBuffer, context: ChannelHandlerContext) -> Bool {
        let view = buffer.readableBytesView
        guard let start = view.firstIndex(of: MLLPFraming.startBlock) else {
            if !view.isEmpty { discardJunk(view.count, from: &buffer, context: context) }
            return false
        }
        let junk = start - view.startIndex
        if junk > 0 { discardJunk(junk, from: &buffer, context: context) }
        insideFrame = true
        scanned = 1
        return true
    }

    /// Returns the payload when the end block is buffered, consuming the whole frame.
    private mutating func findFrameEnd(in buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let view = buffer.readableBytesView
        var searchFrom = view.startIndex + scanned
        while let end = view[searchFrom...].firstIndex(of: MLLPFraming.endBlock) {
            let payloadLength = end - view.startIndex - 1
            guard payloadLength <= maximumFrameLength else { throw MLLPError.frameTooLarge(limit: maximumFrameLength) }
            guard end + 1 < view.endIndex else {
                scanned = end - view.startIndex  // look at this 0x1C again once the next byte arrives
                return nil
            }
            if view[end + 1] == MLLPFraming.carriageReturn {
                buffer.moveReaderIndex(forwardBy: 1)
                let payload = buffer.readSlice(length: payloadLength)!
                buffer.moveReaderIndex(forwardBy: 2)
                insideFrame = false
                scanned = 0
                return payload
            }
            searchFrom = end + 1
        }
        scanned = view.count
        if scanned - 1 > maximumFrameLength { throw MLLPError.frameTooLarge(limit: maximumFrameLength) }
        return nil
    }

    private func discardJunk(_ count: Int, from buffer: inout ByteBuffer, context: ChannelHandlerContext) {
        buffer.moveReaderIndex(forwardBy: count)
        logger.warning("MLLP discarded \(count) bytes outside a frame", metadata: peerMetadata(context))
    }

    private func peerMetadata(_ context: ChannelHandlerContext) -> Logger.Metadata {
        ["peer": "\(context.remoteAddress.peerDescription)"]
    }
}
