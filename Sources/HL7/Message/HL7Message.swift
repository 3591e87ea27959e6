/// One HL7 v2 message in ER7 (pipe) encoding, kept as the exact bytes it arrived in.
///
/// Parsing indexes segments and fields without copying or decoding anything, so re-encoding an
/// unmodified message gives back the identical bytes (segment terminators normalised to `\r`),
/// and reading a value decodes only that value. Edits rewrite only the edited element.
public struct HL7Message: Sendable {
    /// Bytes, index and character set in one reference: every segment and element view holds a
    /// copy of its message, and a copy then costs one retain instead of one per array.
    private final class Storage: Sendable {
        let bytes: [UInt8]
        let index: SegmentIndex
        let characterSet: HL7CharacterSet

        init(bytes: [UInt8], index: SegmentIndex, characterSet: HL7CharacterSet) {
            self.bytes = bytes
            self.index = index
            self.characterSet = characterSet
        }
    }

    private var storage: Storage
    public let delimiters: HL7Delimiters

    /// The message bytes from `MSH` to the end of its last segment (terminators as received).
    public var bytes: [UInt8] { storage.bytes }
    /// From MSH-18; decides how value bytes become text.
    public var characterSet: HL7CharacterSet { storage.characterSet }
    var index: SegmentIndex { storage.index }

    /// Parses one message. A UTF-8 byte order mark before `MSH` is skipped.
    public init(bytes input: [UInt8]) throws(HL7ParseError) {
        var start = 0
        if input.count >= 3, input[0] == 0xEF, input[1] == 0xBB, input[2] == 0xBF { start = 3 }
        let body = start == 0 ? input : Array(input[start...])
        try self.init(storage: body)
    }

    public init(_ text: String) throws(HL7ParseError) {
        try self.init(bytes: Array(text.utf8))
    }

    /// The longest message parsed: segment and field offsets are kept as 32-bit integers.
    public static let maximumLength = Int(Int32.max)

    init(storage: [UInt8]) throws(HL7ParseError) {
        guard !storage.isEmpty else { throw .empty }
        guard storage.count <= Self.maximumLength else { throw .tooLong(limit: Self.maximumLength) }
        let parsed: Result<(HL7Delimiters, SegmentIndex), HL7ParseError> = storage.withUnsafeBufferPointer { p in
            guard p.count >= 3, p[0] == 0x4D, p[1] == 0x53, p[2] == 0x48 else {
                return .failure(.noHeader("the message does not start with MSH"))
            }
            do throws(HL7ParseError) {
                let (delimiters, _) = try HL7Delimiters.read(from: p, at: 0)
                return .success((delimiters, SegmentIndex(scanning: p, from: 0, fieldSeparator: delimiters.field)))
            } catch {
                return .failure(error)
            }
        }
        let (delimiters, index) = try parsed.get()
        self.delimiters = delimiters
        self.storage = Storage(bytes: storage, index: index, characterSet: .ascii)
        if let msh18 = element(at: .msh(18, repetition: 1)) {
            self.storage = Storage(bytes: storage, index: index,
                                   characterSet: HL7CharacterSet(declaration: storage[msh18.range]))
        }
    }

    /// Replaces the bytes after an edit; delimiters and character set stay those of the header.
    mutating func replaceBytes(_ newBytes: [UInt8]) {
        let index = newBytes.withUnsafeBufferPointer { SegmentIndex(scanning: $0, from: 0, fieldSeparator: delimiters.field) }
        storage = Storage(bytes: newBytes, index: index, characterSet: storage.characterSet)
    }

    // MARK: Encoding

    /// The message in ER7 with every segment terminated by `\r`.
    public func encoded() -> [UInt8] {
        if index.canonicalTerminators { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1)
        for span in index.spans {
            out.append(contentsOf: bytes[Int(span.start)..<Int(span.end)])
            out.append(0x0D)
        }
        return out
    }

    /// The encoded message as text (bytes decoded by the declared character set).
    public var text: String { characterSet.decode(encoded()[...]) }

    // MARK: Segments

    public var segmentCount: Int { index.spans.count }

    /// Every segment in order, including blank lines inside the message (named "").
    public var segments: [HL7Segment] { (0..<index.spans.count).map { HL7Segment(message: self, position: $0) } }

    public func segment(at position: Int) -> HL7Segment? {
        position >= 0 && position < index.spans.count ? HL7Segment(message: self, position: position) : nil
    }

    /// The segments with this name, in order.
    public func segments(named name: String) -> [HL7Segment] {
        guard let packed = SegmentIndex.packName(name) else { return [] }
        var found: [HL7Segment] = []
        for (i, span) in index.spans.enumerated() where span.name == packed && span.end - span.start >= 3 {
            found.append(HL7Segment(message: self, position: i))
        }
        return found
    }

    /// The `occurrence`-th (1-based) segment with this name.
    public func segment(named name: String, occurrence: Int = 1) -> HL7Segment? {
        guard let position = position(ofSegment: name, occurrence: occurrence) else { return nil }
        return HL7Segment(message: self, position: position)
    }

    func position(ofSegment name: String, occurrence: Int) -> Int? {
        guard let packed = SegmentIndex.packName(name) else { return nil }
        return position(ofPackedName: packed, occurrence: occurrence)
    }

    @inline(__always)
    func position(ofPackedName packed: UInt32, occurrence: Int) -> Int? {
        var seen = 0
        for i in 0..<index.spans.count {
            let span = index.spans[i]
            if span.name == packed, span.end - span.start >= 3, isNameEnd(span) {
                seen += 1
                if seen == occurrence { return i }
            }
        }
        return nil
    }

    /// A segment name is exactly three bytes followed by the field separator or the segment end.
    @inline(__always)
    private func isNameEnd(_ span: SegmentIndex.Span) -> Bool {
        let after = Int(span.start) + 3
        return after == Int(span.end) || bytes[after] == delimiters.field
    }
}
