import CZlib

/// Raw DEFLATE (as Deflated Explicit VR Little Endian carries it) of `prefix` followed by
/// `zeros` zero bytes, streamed so a large inflated size costs no memory here.
public func rawDeflate(_ prefix: [UInt8], zeros: Int) -> [UInt8] {
    var stream = z_stream()
    precondition(deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY,
                               ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
    defer { deflateEnd(&stream) }
    var output: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    let block = [UInt8](repeating: 0, count: 1 << 20)
    func feed(_ input: [UInt8], flush: Int32) {
        var input = input
        input.withUnsafeMutableBufferPointer { source in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    _ = deflate(&stream, flush)
                }
                output += chunk[0..<(chunk.count - Int(stream.avail_out))]
            } while stream.avail_out == 0
        }
    }
    feed(prefix, flush: Z_NO_FLUSH)
    var left = zeros
    while left > 0 {
        let count = min(left, block.count)
        feed(Array(block[0..<count]), flush: Z_NO_FLUSH)
        left -= count
    }
    feed([], flush: Z_FINISH)
    return output
}
