/// A view of one element of a message: a field, a repetition, a component or a subcomponent.
///
/// `raw` is the element's ER7 text as sent. `value` is its text with escape sequences decoded,
/// for a leaf; a composite element (one that still contains delimiters of a lower level) has no
/// single decoded value, and `value` gives its ER7 text, like `raw`.
public struct HL7Element: Sendable {
    public enum Level: Int, Sendable, Comparable {
        case field, repetition, component, subcomponent
        /// MSH-1 and MSH-2: the delimiters themselves, never split or unescaped.
        case literal

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public let message: HL7Message
    public let range: Range<Int>
    public let level: Level

    public var rawBytes: ArraySlice<UInt8> { message.bytes[range] }
    public var raw: String { message.characterSet.decode(rawBytes) }
    public var isEmpty: Bool { range.isEmpty }
    /// The explicit null `""`: the sender asks the receiver to clear the value.
    public var isNull: Bool { rawBytes.elementsEqual([0x22, 0x22]) }

    /// The delimiter that splits this element into its children, if there is one.
    var childDelimiter: UInt8? {
        let d = message.delimiters
        switch level {
        case .field: return d.repetition
        case .repetition: return d.component
        case .component: return d.subcomponent
        case .subcomponent, .literal: return nil
        }
    }

    /// True when the element contains a delimiter of any lower level.
    public var isComposite: Bool {
        let d = message.delimiters
        let bytes = rawBytes
        switch level {
        case .field: return bytes.contains { $0 == d.repetition || $0 == d.component || $0 == d.subcomponent }
        case .repetition: return bytes.contains { $0 == d.component || $0 == d.subcomponent }
        case .component: return bytes.contains { $0 == d.subcomponent }
        case .subcomponent, .literal: return false
        }
    }

    public var value: String {
        if level == .literal || isComposite { return raw }
        return message.decodedText(range)
    }

    /// The next level's elements (repetitions of a field, components of a repetition, …).
    public var children: [HL7Element] {
        guard let next = Level(rawValue: level.rawValue + 1), level != .literal else { return [] }
        guard let delimiter = childDelimiter else { return [HL7Element(message: message, range: range, level: next)] }
        var parts: [HL7Element] = []
        var start = range.lowerBound
        let bytes = message.bytes
        for i in range where bytes[i] == delimiter {
            parts.append(HL7Element(message: message, range: start..<i, level: next))
            start = i + 1
        }
        parts.append(HL7Element(message: message, range: start..<range.upperBound, level: next))
        return parts
    }

    /// Child `number` (1-based), or nil past the last one.
    public func child(_ number: Int) -> HL7Element? {
        guard number >= 1, let next = Level(rawValue: level.rawValue + 1), level != .literal else { return nil }
        guard let delimiter = childDelimiter else {
            return number == 1 ? HL7Element(message: message, range: range, level: next) : nil
        }
        return message.bytes.withUnsafeBufferPointer { p -> HL7Element? in
            var start = range.lowerBound
            var seen = 1
            var i = start
            while i < range.upperBound {
                if p[i] == delimiter {
                    if seen == number { return HL7Element(message: message, range: start..<i, level: next) }
                    seen += 1
                    start = i + 1
                }
                i += 1
            }
            return seen == number ? HL7Element(message: message, range: start..<range.upperBound, level: next) : nil
        }
    }

    /// The decoded value of the first leaf: first repetition, component and subcomponent (for a
    /// field `CTCHESTC^CT Chest^L~…` that is `CTCHESTC`); "" when absent.
    public var firstValue: String {
        var element = self
        while element.level < .subcomponent, let first = element.child(1) { element = first }
        return element.value
    }

    public var repetitions: [HL7Element] { level == .field ? children : [self] }
    public var components: [HL7Element] {
        switch level {
        case .field: return child(1)?.children ?? []
        case .repetition: return children
        default: return [self]
        }
    }
}

extension HL7Message {
    /// Decodes escape sequences and the character set of a leaf's bytes.
    func decodedText(_ range: Range<Int>) -> String {
        let slice = bytes[range]
        if HL7Escaping.needsUnescape(slice, delimiters) {
            return characterSet.decode(HL7Escaping.unescape(slice, delimiters)[...])
        }
        return characterSet.decode(slice)
    }
}
