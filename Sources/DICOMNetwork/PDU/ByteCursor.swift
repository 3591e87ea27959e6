/// Big-endian reads over a PDU body with bounds checks that throw instead of trapping.
struct ByteCursor {
    let bytes: [UInt8]
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil) {
        self.bytes = bytes
        self.position = start
        self.end = min(end ?? bytes.count, bytes.count)
    }

    var isAtEnd: Bool { position >= end }
    var remaining: Int { end - position }

    mutating func u8() throws -> UInt8 {
        guard position < end else { throw PDUError.malformed("truncated at byte \(position)") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16() throws -> UInt16 { UInt16(try u8()) << 8 | UInt16(try u8()) }
    mutating func u32() throws -> UInt32 { UInt32(try u16()) << 16 | UInt32(try u16()) }

    mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, count <= remaining else { throw PDUError.malformed("length \(count) past the end at byte \(position)") }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    mutating func skip(_ count: Int) throws { _ = try take(count) }

    /// A sub-cursor over the next `count` bytes; this cursor moves past them.
    mutating func sub(_ count: Int) throws -> ByteCursor {
        guard count >= 0, count <= remaining else { throw PDUError.malformed("item length \(count) past the end at byte \(position)") }
        defer { position += count }
        return ByteCursor(bytes, from: position, to: position + count)
    }

    /// UIDs and AE titles: trailing NUL and spaces removed, leading spaces kept out too.
    mutating func text(_ count: Int) throws -> String {
        let raw = try take(count)
        var scalars = raw
        while let last = scalars.last, last == 0 || last == 0x20 { scalars.removeLast() }
        while let first = scalars.first, first == 0x20 { scalars.removeFirst() }
        return String(decoding: scalars, as: UTF8.self)
    }
}
