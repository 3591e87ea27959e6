// libFuzzer entry point for the MLLP framing rules (MLLPFrameScanner, which MLLPFrameDecoder runs on
// NIO buffers); built and run by scripts/fuzz (mllp).
//
// Input: byte 0 picks the frame limit, byte 1 the number of reads, the next bytes each read's share;
// the rest is the stream. The stream is fed read by read to a buffer the way ByteToMessageHandler
// keeps one, and what the scanner makes of it is compared with a reference that parses the whole
// stream at once: the same frames, each within the limit, the same "too large" verdict, junk
// accounted for byte by byte, and the buffer never holding more than a frame's worth.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard input.count >= 2 else { return 0 }
    let limit = Int(input[0] % 64)
    let readCount = Int(input[1] % 16) + 1
    guard input.count >= 2 + readCount else { return 0 }
    let shares = input[2..<(2 + readCount)].map(Int.init)
    let stream = Array(input[(2 + readCount)...])

    let expected = ReferenceFramer.frames(in: stream, limit: limit)
    var scanner = MLLPFrameScanner(maximumFrameLength: limit)
    var buffer: [UInt8] = []
    var reader = 0
    var frames: [[UInt8]] = []
    var junk = 0
    var tooLarge = false
    var fed = 0
    reading: for (index, share) in shares.enumerated() {
        let end = index == shares.count - 1 ? stream.count : min(stream.count, fed + share)
        buffer += stream[fed..<end]
        fed = end
        while true {
            let step: MLLPFrameScanner.Step
            do {
                step = try scanner.scan(buffer[reader...])
            } catch {
                precondition(error == .frameTooLarge(limit: limit), "unexpected error \(error)")
                tooLarge = true
                break reading
            }
            switch step {
            case .needMoreData(let skipped):
                precondition(skipped >= 0 && reader + skipped <= buffer.count, "junk past the buffer")
                reader += skipped
                junk += skipped
                precondition(!scanner.insideFrame || buffer[reader] == 0x0B, "a frame that does not begin with its start block")
                // What stays buffered is one unfinished frame within the limit (start block, payload, a pending 0x1C).
                precondition(buffer.count - reader <= limit + 2, "the buffer holds more than a frame")
                continue reading
            case .frame(let skipped, let length):
                let start = reader + skipped
                precondition(length >= 0 && length <= limit, "a frame over the limit was returned")
                precondition(buffer[start] == 0x0B && buffer[start + 1 + length] == 0x1C && buffer[start + 2 + length] == 0x0D)
                frames.append(Array(buffer[(start + 1)..<(start + 1 + length)]))
                junk += skipped
                reader = start + length + 3
                precondition(!scanner.insideFrame)
            }
        }
    }
    precondition(frames == expected.frames, "frames differ from the reference")
    precondition(tooLarge == expected.tooLarge, "the size verdict differs from the reference")
    if !tooLarge {
        let pending = buffer.count - reader
        precondition(junk + frames.reduce(0) { $0 + $1.count + 3 } + pending == stream.count, "bytes lost or counted twice")
        precondition(scanner.insideFrame == (pending > 0), "a pending frame the scanner does not know of")
    }
    return 0
}

/// The framing rules on the whole stream at once.
enum ReferenceFramer {
    static func frames(in stream: [UInt8], limit: Int) -> (frames: [[UInt8]], tooLarge: Bool) {
        var frames: [[UInt8]] = []
        var position = 0
        while let start = stream[position...].firstIndex(of: 0x0B) {
            var end = start + 1
            while end + 1 < stream.count, !(stream[end] == 0x1C && stream[end + 1] == 0x0D) { end += 1 }
            guard end + 1 < stream.count else {
                // Unfinished: too large once more than the limit could already be payload.
                let rest = stream.count - start - 1
                let payloadSoFar = stream.last == 0x1C ? rest - 1 : rest
                return (frames, payloadSoFar > limit)
            }
            let payload = Array(stream[(start + 1)..<end])
            if payload.count > limit { return (frames, true) }
            frames.append(payload)
            position = end + 2
        }
        return (frames, false)
    }
}
