/// Where each segment and each field of a message lies in its bytes.
///
/// Built in one pass over the message: segment terminators (`\r`, `\n`, `\r\n`) close a segment,
/// field separators open a field. Repetitions, components and subcomponents are not indexed; they
/// are split on demand inside the one field a reader asks for, which keeps parsing a single scan.
struct SegmentIndex: Sendable {
    struct Span: Sendable {
        var start: Int32
        var end: Int32
        /// Position in `fieldStarts` of this segment's element 0 (the segment name).
        var firstField: Int32
        var elementCount: Int32
        /// The three name bytes packed big-endian, for cheap comparisons.
        var name: UInt32
    }

    var spans: [Span] = []
    var fieldStarts: [Int32] = []
    /// True when every segment, including the last, ends with exactly one `\r`.
    var canonicalTerminators = true

    init() {}

    init(scanning p: UnsafeBufferPointer<UInt8>, from start: Int, fieldSeparator fs: UInt8) {
        let n = p.count
        spans.reserveCapacity(n / 48 + 4)
        fieldStarts.reserveCapacity(n / 5 + 8)
        var segStart = start
        fieldStarts.append(Int32(segStart))
        var i = start
        while true {
            // Find the next field separator or terminator, eight bytes at a time.
            guard let k = Self.nextSpecial(p, from: i, fieldSeparator: fs) else { break }
            if p[k] == fs {
                fieldStarts.append(Int32(k + 1))
                i = k + 1
                continue
            }
            close(p, segStart, k)
            i = k + 1
            if p[k] == 0x0A {
                canonicalTerminators = false
            } else if i < n, p[i] == 0x0A {
                canonicalTerminators = false
                i += 1
            }
            segStart = i
            fieldStarts.append(Int32(segStart))
        }
        if segStart < n {
            close(p, segStart, n)
            canonicalTerminators = false
        } else {
            fieldStarts.removeLast()
        }
    }

    /// The offset of the first `fs`, `\r` or `\n` at or after `from`. Whole words are tested with
    /// the "has zero byte" bit trick; the lowest flagged byte of a word is always a true match.
    @inline(__always)
    private static func nextSpecial(_ p: UnsafeBufferPointer<UInt8>, from: Int, fieldSeparator fs: UInt8) -> Int? {
        let n = p.count
        var i = from
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let fsWord = UInt64(fs) &* ones, crWord = 0x0D &* ones, lfWord = 0x0A &* ones
        let raw = UnsafeRawPointer(p.baseAddress!)
        while i + 8 <= n {
            let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let a = w ^ fsWord, b = w ^ crWord, c = w ^ lfWord
            let m = ((a &- ones) & ~a | (b &- ones) & ~b | (c &- ones) & ~c) & highs
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < n {
            let b = p[i]
            if b == fs || b == 0x0D || b == 0x0A { return i }
            i += 1
        }
        return nil
    }

    @inline(__always)
    private mutating func close(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        let first = spans.isEmpty ? 0 : Int(spans[spans.count - 1].firstField + spans[spans.count - 1].elementCount)
        var name: UInt32 = 0
        if end - start >= 3 {
            name = UInt32(p[start]) << 16 | UInt32(p[start + 1]) << 8 | UInt32(p[start + 2])
        }
        spans.append(Span(
            start: Int32(start), end: Int32(end), firstField: Int32(first),
            elementCount: Int32(fieldStarts.count - first), name: name))
    }

    /// Byte range of element `k` (0 = segment name) of segment `s`, or nil past the last element.
    @inline(__always)
    func element(_ k: Int, ofSegment s: Int) -> Range<Int>? {
        let span = spans[s]
        guard k < Int(span.elementCount) else { return nil }
        let base = Int(span.firstField)
        let lo = Int(fieldStarts[base + k])
        let hi = k + 1 < Int(span.elementCount) ? Int(fieldStarts[base + k + 1]) - 1 : Int(span.end)
        return lo..<hi
    }

    static func packName(_ name: String) -> UInt32? {
        let u = Array(name.utf8)
        guard u.count == 3 else { return nil }
        return UInt32(u[0]) << 16 | UInt32(u[1]) << 8 | UInt32(u[2])
    }
}
