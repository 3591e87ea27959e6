import NIOCore

/// Frames PDUs out of the TCP byte stream.
///
///     bytes in:   | 04 00 | 00 00 40 06 | ...16390 bytes... | 05 00 | 00 00 00 04 | 00 00 00 00 |
///                 type    length (BE)      body              type    length         body
///     PDUs out:   .dataTransfer([...])                       .releaseRequest
///
/// The 6-byte header is read once; the decoder then waits for the whole body without rescanning
/// it. A length above `maximumLength` is refused before any of the body is buffered.
public struct PDUDecoder: ByteToMessageDecoder {
    public typealias InboundOut = PDU

    public let maximumLength: Int

    public init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= PDUParser.headerLength,
              let length = buffer.getInteger(at: buffer.readerIndex + 2, as: UInt32.self) else { return .needMoreData }
        let total = try PDUParser.totalLength(bodyLength: length, maximumLength: maximumLength)
        guard buffer.readableBytes >= total, let bytes = buffer.readBytes(length: total) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(try PDUParser.parse(bytes)))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
