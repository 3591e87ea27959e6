/// Builds new messages (responses, status updates) from decoded values: every value is escaped
/// for the delimiters it is written with, so what is built always parses back to the same values.
public struct HL7SegmentBuilder: Sendable {
    public let name: String
    /// ER7 text per field number (already escaped).
    private var fields: [Int: String] = [:]
    let delimiters: HL7Delimiters

    public init(name: String, delimiters: HL7Delimiters) {
        self.name = name
        self.delimiters = delimiters
    }

    /// Sets field `n` to one decoded value.
    public mutating func set(_ n: Int, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        fields[n] = escape(value)
    }

    /// Sets field `n` to components (decoded values); trailing empty components are dropped.
    public mutating func set(_ n: Int, components: [String?]) {
        var parts = components.map { escape($0 ?? "") }
        while parts.last == "" { parts.removeLast() }
        guard !parts.isEmpty else { return }
        fields[n] = parts.joined(separator: String(UnicodeScalar(delimiters.component)))
    }

    /// Sets field `n` to repetitions of components (decoded values).
    public mutating func set(_ n: Int, repetitions: [[String?]]) {
        guard let repetition = delimiters.repetition else { return set(n, components: repetitions.first ?? []) }
        let rs = String(UnicodeScalar(repetition)), cs = String(UnicodeScalar(delimiters.component))
        let text = repetitions.map { components -> String in
            var parts = components.map { escape($0 ?? "") }
            while parts.last == "" { parts.removeLast() }
            return parts.joined(separator: cs)
        }
        guard text.contains(where: { !$0.isEmpty }) else { return }
        fields[n] = text.joined(separator: rs)
    }

    /// Copies an element's ER7 text from another message written with the same delimiters.
    public mutating func copy(_ n: Int, from element: HL7Element?) {
        guard let element, !element.isEmpty else { return }
        if element.message.delimiters == delimiters {
            fields[n] = element.raw
        } else {
            fields[n] = escape(element.value)
        }
    }

    /// The segment as ER7 text (without the terminator).
    public var er7: String {
        let fs = String(UnicodeScalar(delimiters.field))
        guard let last = fields.keys.max() else { return name }
        return ([name] + (1...last).map { fields[$0] ?? "" }).joined(separator: fs)
    }

    private func escape(_ text: String) -> String {
        HL7Acknowledgement.escaped(text, delimiters)
    }
}

public struct HL7MessageBuilder: Sendable {
    public let delimiters: HL7Delimiters
    private var segments: [HL7SegmentBuilder] = []

    /// Starts a message with its MSH: sender, receiver, type (`ORR^O02^ORR_O02`), control ID, version.
    public init(
        sendingApplication: String, sendingFacility: String = "", receivingApplication: String = "",
        receivingFacility: String = "", messageType: [String], controlID: String, version: String = "2.5.1",
        processingID: String = "P", timestamp: String = HL7Timestamp.now(), characterSet: String? = nil,
        delimiters: HL7Delimiters = .standard
    ) {
        self.delimiters = delimiters
        var msh = HL7SegmentBuilder(name: "MSH", delimiters: delimiters)
        msh.set(3, components: [sendingApplication])
        msh.set(4, components: [sendingFacility])
        msh.set(5, components: [receivingApplication])
        msh.set(6, components: [receivingFacility])
        msh.set(7, timestamp)
        msh.set(9, components: messageType)
        msh.set(10, controlID)
        msh.set(11, processingID)
        msh.set(12, version)
        msh.set(18, characterSet)
        segments.append(msh)
    }

    /// MSH-15 and MSH-16: asks for enhanced-mode acknowledgements (AL, NE, ER, SU).
    public mutating func setAcknowledgementTypes(accept: String, application: String) {
        segments[0].set(15, accept)
        segments[0].set(16, application)
    }

    /// Appends a segment and lets `fill` set its fields.
    public mutating func add(_ name: String, _ fill: (inout HL7SegmentBuilder) -> Void) {
        var segment = HL7SegmentBuilder(name: name, delimiters: delimiters)
        fill(&segment)
        segments.append(segment)
    }

    public func build() -> HL7Message {
        let fs = String(UnicodeScalar(delimiters.field))
        let encoding = String(decoding: delimiters.encodingCharacters, as: UTF8.self)
        var lines = segments.map(\.er7)
        // The MSH line was written as "MSH|<1>|<2>|<3>…" with 1 and 2 empty; MSH-1 is the
        // separator itself and MSH-2 the encoding characters.
        lines[0] = "MSH" + fs + encoding + fs + String(lines[0].dropFirst(6))
        let text = lines.joined(separator: "\r") + "\r"
        return try! HL7Message(bytes: Array(text.utf8))
    }
}
