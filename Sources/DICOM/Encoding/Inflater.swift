import CZlib

/// Raw DEFLATE (RFC 1951, no zlib header) as used by Deflated Explicit VR Little Endian.
enum Inflater {
    /// Output beyond `maximumOutput` bytes is refused before it is appended, so a tiny "zip bomb"
    /// cannot exhaust memory.
    static func inflate(_ input: ArraySlice<UInt8>, maximumOutput: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DICOMError.inflateFailed("zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let input = Array(input)
        guard input.count <= Int(UInt32.max) else { throw DICOMError.inflateFailed("input too large") }
        return try input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_out = target.baseAddress
                    stream.avail_out = UInt32(target.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                guard produced <= maximumOutput - output.count else {
                    throw DICOMError.inflatedTooLarge(limit: maximumOutput)
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END: return output
                case Z_OK: continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    // Some writers omit the final block marker; what was inflated is the data set.
                    return output
                default:
                    throw DICOMError.inflateFailed(stream.msg.map { String(cString: $0) } ?? "zlib status \(status)")
                }
            }
        }
    }
}
