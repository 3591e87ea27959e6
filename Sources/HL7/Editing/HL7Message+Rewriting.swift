extension HL7Message {
    /// What to do with one segment when a message is rewritten.
    public enum SegmentEdit: Sendable {
        /// Keep the segment's bytes as they are, then add these segments (ER7 text) after it.
        case keep(thenInsert: [String])
        case remove

        public static var keep: SegmentEdit { .keep(thenInsert: []) }
    }

    /// A copy of the message with segments removed or added; kept segments keep their bytes.
    public func rewritten(_ edit: (HL7Segment) -> SegmentEdit) throws(HL7ParseError) -> HL7Message {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 256)
        for segment in segments {
            switch edit(segment) {
            case .remove:
                continue
            case .keep(let inserted):
                output.append(contentsOf: segment.rawBytes)
                output.append(0x0D)
                for line in inserted {
                    let encoded = try characterSet.encode(line)
                    guard !encoded.contains(0x0D), !encoded.contains(0x0A) else {
                        throw .unencodable("a segment cannot contain a segment terminator")
                    }
                    output.append(contentsOf: encoded)
                    output.append(0x0D)
                }
            }
        }
        return try HL7Message(bytes: output)
    }
}
