extension HL7Message {
    /// Sets the element a path addresses to `text`, escaping delimiters in it, and creating the
    /// element (with empty siblings before it) when the segment is shorter. Bytes outside that
    /// element are not touched.
    public mutating func set(_ path: HL7Path, to text: String) throws(HL7ParseError) {
        try setRaw(path, to: HL7Escaping.escape(characterSet.encode(text), delimiters))
    }

    public mutating func set(_ path: String, to text: String) throws(HL7ParseError) {
        try set(HL7Path(path), to: text)
    }

    /// Sets an element to already-encoded ER7 bytes (which may hold delimiters of lower levels).
    public mutating func setRaw(_ path: HL7Path, to encoded: [UInt8]) throws(HL7ParseError) {
        guard let position = position(ofPackedName: path.packedName, occurrence: path.occurrence) else {
            throw .invalidPath("the message has no segment \(path.segment)\(path.occurrence > 1 ? "[\(path.occurrence)]" : "")")
        }
        let isHeader = index.spans[position].name == HL7Segment.msh
        if isHeader && path.field <= 2 {
            throw .invalidPath("MSH-1 and MSH-2 are the delimiters; build a new message to change them")
        }
        let span = index.spans[position]
        var segment = Array(bytes[Int(span.start)..<Int(span.end)])
        let d = delimiters
        var target = try Self.locate(&segment, in: 0..<segment.count, delimiter: d.field,
                                     number: isHeader ? path.field - 1 : path.field, skipFirst: true)
        if path.repetition != nil || path.component != nil {
            target = try Self.locate(&segment, in: target, delimiter: d.repetition, number: path.repetition ?? 1)
        }
        if let component = path.component {
            target = try Self.locate(&segment, in: target, delimiter: d.component, number: component)
        }
        if let subcomponent = path.subcomponent {
            target = try Self.locate(&segment, in: target, delimiter: d.subcomponent, number: subcomponent)
        } else if path.component != nil, !path.wholeComponent, let sub = d.subcomponent, segment[target].contains(sub) {
            // The element reading the same path returns: the first subcomponent (`.*` replaces them all).
            target = try Self.locate(&segment, in: target, delimiter: sub, number: 1)
        }
        segment.replaceSubrange(target, with: encoded)
        var newBytes = bytes
        newBytes.replaceSubrange(Int(span.start)..<Int(span.end), with: segment)
        replaceBytes(newBytes)
    }

    /// Appends a segment given as ER7 text (e.g. `"ZDS|1.2.3^RADBRIDGE"`).
    public mutating func appendSegment(_ er7: String) throws(HL7ParseError) {
        let segment = try characterSet.encode(er7)
        guard !segment.contains(0x0D), !segment.contains(0x0A) else {
            throw .unencodable("a segment cannot contain a segment terminator")
        }
        var newBytes = encoded()
        newBytes.append(contentsOf: segment)
        newBytes.append(0x0D)
        replaceBytes(newBytes)
    }

    /// Finds part `number` of `range` split by `delimiter`, padding with delimiters when the part
    /// does not exist yet. With `skipFirst`, part 0 (the segment name) precedes part 1.
    private static func locate(_ bytes: inout [UInt8], in range: Range<Int>, delimiter: UInt8?,
                               number: Int, skipFirst: Bool = false) throws(HL7ParseError) -> Range<Int> {
        guard let delimiter else {
            if number == 1 { return range }
            throw .invalidPath("the message declares no delimiter for that level")
        }
        var part = skipFirst ? 0 : 1
        var start = range.lowerBound
        var i = start
        var end = range.upperBound
        while i < end {
            if bytes[i] == delimiter {
                if part == number { return start..<i }
                part += 1
                start = i + 1
            }
            i += 1
        }
        if part == number { return start..<end }
        let padding = [UInt8](repeating: delimiter, count: number - part)
        bytes.insert(contentsOf: padding, at: end)
        end += padding.count
        return end..<end
    }
}
