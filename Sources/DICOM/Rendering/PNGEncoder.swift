import CZlib

/// A minimal PNG writer (ISO/IEC 15948): 8-bit greyscale or RGB, one IDAT, filter type 0.
public enum PNGEncoder {
    /// `pixels` holds `width * height * channels` bytes, row by row; `channels` is 1 or 3.
    public static func encode(width: Int, height: Int, channels: Int, pixels: [UInt8]) -> [UInt8] {
        precondition(channels == 1 || channels == 3, "greyscale or RGB")
        precondition(pixels.count == width * height * channels, "pixel count matches the size")
        var header: [UInt8] = []
        header += UInt32(width).bigEndianBytes + UInt32(height).bigEndianBytes
        header += [8, channels == 1 ? 0 : 2, 0, 0, 0]  // depth, colour type, deflate, filter set 0, no interlace
        let rowBytes = width * channels
        var raw = [UInt8]()
        raw.reserveCapacity((rowBytes + 1) * height)
        for row in 0..<height {
            raw.append(0)  // filter: none
            raw += pixels[(row * rowBytes)..<((row + 1) * rowBytes)]
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        png += chunk("IHDR", header)
        png += chunk("IDAT", zlibCompress(raw))
        png += chunk("IEND", [])
        return png
    }

    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeAndData = Array(type.utf8) + data
        let crc = typeAndData.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        return UInt32(data.count).bigEndianBytes + typeAndData + crc.bigEndianBytes
    }

    /// A zlib stream (RFC 1950), as IDAT requires.
    static func zlibCompress(_ input: [UInt8]) -> [UInt8] {
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { target in
            input.withUnsafeBufferPointer { source in
                compress2(target.baseAddress, &length, source.baseAddress, uLong(source.count), 6)
            }
        }
        precondition(status == Z_OK, "compressBound leaves room for any input")
        return Array(output[0..<Int(length)])
    }
}

extension FixedWidthInteger {
    var bigEndianBytes: [UInt8] { withUnsafeBytes(of: self.bigEndian) { Array($0) } }
}
