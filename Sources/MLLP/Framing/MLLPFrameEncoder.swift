import NIOCore

/// Wraps each outbound payload in `0x0B … 0x1C 0x0D`.
public struct MLLPFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = ByteBuffer

    public init() {}

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        out.reserveCapacity(data.readableBytes + 3)
        out.writeInteger(MLLPFraming.startBlock)
        out.writeImmutableBuffer(data)
        out.writeInteger(MLLPFraming.endBlock)
        out.writeInteger(MLLPFraming.carriageReturn)
    }
}
