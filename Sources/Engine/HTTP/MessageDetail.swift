import Store

/// One journal entry with its raw text and its segments split into fields.
struct MessageDetail: Encodable {
    struct Segment: Encodable {
        var name: String
        var fields: [String]
    }

    var message: MessageSummary
    /// Validation warnings: `{kind, code, location, text}`.
    var warnings: [JournalWarning]
    var raw: String
    var segments: [Segment]

    init(_ entry: JournalEntry) {
        message = MessageSummary(entry)
        warnings = entry.warnings
        raw = String(decoding: entry.raw, as: UTF8.self)
        segments = HL7Adapter.segments(entry.raw).map { Segment(name: $0.first ?? "", fields: Array($0.dropFirst())) }
    }

    private enum CodingKeys: String, CodingKey { case warnings, raw, segments }

    func encode(to encoder: any Encoder) throws {
        try message.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(raw, forKey: .raw)
        try c.encode(segments, forKey: .segments)
    }
}
