/// A view of one segment of a message.
public struct HL7Segment: Sendable {
    public let message: HL7Message
    /// 0-based position among all segments of the message.
    public let position: Int

    var span: SegmentIndex.Span { message.index.spans[position] }

    public var name: String {
        let s = span
        guard s.end - s.start >= 3 else { return String(decoding: rawBytes, as: UTF8.self) }
        let nameRange = message.index.element(0, ofSegment: position)!
        return String(decoding: message.bytes[nameRange], as: UTF8.self)
    }

    /// The name's three bytes packed as `SegmentIndex.packName` packs them; nil when the name is
    /// not three bytes long.
    var packedName: UInt32? {
        message.index.element(0, ofSegment: position)?.count == 3 ? span.name : nil
    }

    public var rawBytes: ArraySlice<UInt8> { message.bytes[Int(span.start)..<Int(span.end)] }

    /// The segment's ER7 text.
    public var raw: String { message.characterSet.decode(rawBytes) }

    var isHeader: Bool {
        let n = span.name
        return n == HL7Segment.msh || n == HL7Segment.bhs || n == HL7Segment.fhs
    }

    /// Blank lines inside a message are kept for the round trip and ignored by structure checks.
    public var isBlank: Bool { rawBytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }

    /// The highest field number present (HL7 numbering: MSH-1 is the field separator).
    public var fieldCount: Int {
        let elements = Int(span.elementCount)
        return isHeader ? elements : elements - 1
    }

    /// Field `number` (1-based, HL7 numbering), or nil past the last field present.
    public func field(_ number: Int) -> HL7Element? {
        guard number >= 1 else { return nil }
        if isHeader {
            if number == 1 {
                let sep = Int(span.start) + 3
                return HL7Element(message: message, range: sep..<(sep + 1), level: .literal)
            }
            guard let r = message.index.element(number - 1, ofSegment: position) else { return nil }
            return HL7Element(message: message, range: r, level: number == 2 ? .literal : .field)
        }
        guard let r = message.index.element(number, ofSegment: position) else { return nil }
        return HL7Element(message: message, range: r, level: .field)
    }

    public var fields: [HL7Element] { fieldCount > 0 ? (1...fieldCount).compactMap { field($0) } : [] }

    static let msh = SegmentIndex.packName("MSH")!
    static let bhs = SegmentIndex.packName("BHS")!
    static let fhs = SegmentIndex.packName("FHS")!
}
