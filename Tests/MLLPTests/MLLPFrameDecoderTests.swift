import MLLP
import NIOCore
import NIOEmbedded
import Testing

@Suite struct MLLPFrameDecoderTests {
    private func channel(limit: Int = MLLPFrameDecoder.defaultMaximumFrameLength) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(MLLPFrameDecoder(maximumFrameLength: limit)))
        return channel
    }

    private func write(_ bytes: [UInt8], to channel: EmbeddedChannel) throws {
        try channel.writeInbound(ByteBuffer(bytes: bytes))
    }

    private func frames(from channel: EmbeddedChannel) throws -> [String] {
        var out: [String] = []
        while let frame = try channel.readInbound(as: ByteBuffer.self) {
            out.append(String(buffer: frame))
        }
        return out
    }

    @Test func oneFrameInOneRead() throws {
        let channel = try channel()
        try write(MLLPFraming.frame(Array("MSH|^~\\&|A\r".utf8)), to: channel)
        #expect(try frames(from: channel) == ["MSH|^~\\&|A\r"])
    }

    @Test func frameSplitIntoSingleBytes() throws {
        let channel = try channel()
        let bytes = MLLPFraming.frame(Array("MSH|one\rPID|1\r".utf8))
        for byte in bytes.dropLast() {
            try write([byte], to: channel)
            #expect(try frames(from: channel).isEmpty)
        }
        try write([bytes.last!], to: channel)
        #expect(try frames(from: channel) == ["MSH|one\rPID|1\r"])
    }

    @Test func endBlockSplitBetweenReads() throws {
        let channel = try channel()
        try write([0x0B] + Array("MSH|x\r".utf8) + [0x1C], to: channel)
        #expect(try frames(from: channel).isEmpty)
        try write([0x0D], to: channel)
        #expect(try frames(from: channel) == ["MSH|x\r"])
    }

    @Test func severalFramesInOneRead() throws {
        let channel = try channel()
        let bytes = MLLPFraming.frame(Array("MSH|1\r".utf8)) + MLLPFraming.frame(Array("MSH|2\r".utf8))
            + MLLPFraming.frame(Array("MSH|3\r".utf8)).prefix(4)
        try write(bytes, to: channel)
        #expect(try frames(from: channel) == ["MSH|1\r", "MSH|2\r"])
        try write(Array(MLLPFraming.frame(Array("MSH|3\r".utf8)).dropFirst(4)), to: channel)
        #expect(try frames(from: channel) == ["MSH|3\r"])
    }

    @Test func bytesOutsideFramesAreDiscarded() throws {
        let channel = try channel()
        try write(Array("garbage".utf8) + MLLPFraming.frame(Array("MSH|1\r".utf8)) + Array("\r\n".utf8), to: channel)
        try write(Array("more junk".utf8), to: channel)
        try write(MLLPFraming.frame(Array("MSH|2\r".utf8)), to: channel)
        #expect(try frames(from: channel) == ["MSH|1\r", "MSH|2\r"])
    }

    @Test func fileSeparatorWithoutCarriageReturnIsPayload() throws {
        let channel = try channel()
        try write([0x0B, 0x41, 0x1C, 0x42, 0x1C, 0x0D], to: channel)
        #expect(try frames(from: channel) == ["A\u{1C}B"])
    }

    @Test func emptyFrame() throws {
        let channel = try channel()
        try write([0x0B, 0x1C, 0x0D], to: channel)
        #expect(try frames(from: channel) == [""])
    }

    @Test func frameAtTheLimitPasses() throws {
        let channel = try channel(limit: 10)
        try write(MLLPFraming.frame([UInt8](repeating: 0x41, count: 10)), to: channel)
        #expect(try frames(from: channel) == [String(repeating: "A", count: 10)])
    }

    @Test func completeFrameOverTheLimitThrows() throws {
        let channel = try channel(limit: 10)
        #expect(throws: MLLPError.frameTooLarge(limit: 10)) {
            try write(MLLPFraming.frame([UInt8](repeating: 0x41, count: 11)), to: channel)
        }
    }

    @Test func unterminatedFrameOverTheLimitThrowsBeforeItEnds() throws {
        let channel = try channel(limit: 100)
        try write([0x0B] + [UInt8](repeating: 0x41, count: 60), to: channel)
        #expect(throws: MLLPError.frameTooLarge(limit: 100)) {
            try write([UInt8](repeating: 0x41, count: 60), to: channel)
        }
    }

    @Test func encoderWrapsPayload() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(MLLPFrameEncoder()))
        try channel.writeOutbound(ByteBuffer(string: "MSA|AA|1\r"))
        let out = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(Array(out.readableBytesView) == [0x0B] + Array("MSA|AA|1\r".utf8) + [0x1C, 0x0D])
    }
}
