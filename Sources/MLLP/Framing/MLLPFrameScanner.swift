/// The MLLP framing rules on buffered bytes, without I/O: ``MLLPFrameDecoder`` runs it on NIO buffers,
/// the fuzzer (`Fuzz/MLLPFramerFuzzer.swift`) on arrays.
///
/// Give it the bytes buffered so far, starting at the oldest one not yet consumed; it says how many
/// leading bytes are junk outside a frame and whether a whole frame follows them. It remembers how
/// far it already searched the current frame for its end block, so a large frame that arrives in
/// many small reads is searched once, not once per read. The caller must drop the bytes it is told
/// to drop and may only add bytes at the end between calls.
public struct MLLPFrameScanner: Sendable {
    public enum Step: Equatable, Sendable {
        /// No whole frame yet; drop the first `junk` bytes (outside any frame).
        case needMoreData(junk: Int)
        /// Drop `junk` bytes, then the start block, the `payloadLength` bytes of the payload, and the end block.
        case frame(junk: Int, payloadLength: Int)
    }

    public let maximumFrameLength: Int
    /// True once a start block was seen and its frame has not ended yet.
    public private(set) var insideFrame = false
    /// Bytes of the current frame (counted from its start block) already searched for the end block.
    private var scanned = 0

    public init(maximumFrameLength: Int) {
        self.maximumFrameLength = maximumFrameLength
    }

    /// Throws ``MLLPError/frameTooLarge(limit:)`` once the current frame's payload is longer than the limit.
    public mutating func scan<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) throws(MLLPError) -> Step
    where Bytes.Index == Int {
        var junk = 0
        if !insideFrame {
            guard let start = bytes.firstIndex(of: MLLPFraming.startBlock) else { return .needMoreData(junk: bytes.count) }
            junk = start - bytes.startIndex
            insideFrame = true
            scanned = 1
        }
        let frameStart = bytes.startIndex + junk
        var searchFrom = min(frameStart + scanned, bytes.endIndex)
        while let end = bytes[searchFrom...].firstIndex(of: MLLPFraming.endBlock) {
            let payloadLength = end - frameStart - 1
            guard payloadLength <= maximumFrameLength else { throw .frameTooLarge(limit: maximumFrameLength) }
            guard end + 1 < bytes.endIndex else {
                scanned = end - frameStart  // look at this 0x1C again once the next byte arrives
                return .needMoreData(junk: junk)
            }
            if bytes[end + 1] == MLLPFraming.carriageReturn {
                insideFrame = false
                scanned = 0
                return .frame(junk: junk, payloadLength: payloadLength)
            }
            searchFrom = end + 1
        }
        scanned = bytes.endIndex - frameStart
        if scanned - 1 > maximumFrameLength { throw .frameTooLarge(limit: maximumFrameLength) }
        return .needMoreData(junk: junk)
    }

    /// Forgets a frame in progress (the stream ended inside it).
    public mutating func reset() {
        insideFrame = false
        scanned = 0
    }
}
