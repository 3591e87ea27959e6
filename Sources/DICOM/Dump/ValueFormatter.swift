/// Text for element values as dcmdump shows them: numbers in decimal, other binary in hex,
/// multiple values separated by a backslash.
enum ValueFormatter {
    static func format(_ bytes: [UInt8], vr: VR, characterSet: SpecificCharacterSet) -> (text: String, multiplicity: Int) {
        if vr.isText {
            let text = characterSet.decode(bytes, vr: vr).text
            if text.isEmpty { return ("", 0) }
            return (text, vr.isSingleValuedText ? 1 : text.split(separator: "\\", omittingEmptySubsequences: false).count)
        }
        let values: [String]
        switch vr {
        case .US: values = bytes.littleEndianValues(as: UInt16.self).map { String($0) }
        case .SS: values = bytes.littleEndianValues(as: Int16.self).map { String($0) }
        case .UL: values = bytes.littleEndianValues(as: UInt32.self).map { String($0) }
        case .SL: values = bytes.littleEndianValues(as: Int32.self).map { String($0) }
        case .UV: values = bytes.littleEndianValues(as: UInt64.self).map { String($0) }
        case .SV: values = bytes.littleEndianValues(as: Int64.self).map { String($0) }
        case .FL: values = bytes.littleEndianValues(as: UInt32.self).map { String(Float(bitPattern: $0)) }
        case .FD: values = bytes.littleEndianValues(as: UInt64.self).map { String(Double(bitPattern: $0)) }
        case .AT:
            let halves = bytes.littleEndianValues(as: UInt16.self)
            values = stride(from: 0, to: halves.count - 1, by: 2).map { Tag(halves[$0], halves[$0 + 1]).description }
        case .OW: return (hex(bytes, width: 2), 1)
        case .OF, .OL: return (hex(bytes, width: 4), 1)
        case .OD, .OV: return (hex(bytes, width: 8), 1)
        default: return (hex(bytes, width: 1), 1)
        }
        return (values.joined(separator: "\\"), values.count)
    }

    /// Little-endian words of `width` bytes as zero-padded lower-case hex, separated by `\`.
    static func hex(_ bytes: [UInt8], width: Int) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(bytes.count * 3)
        var index = 0
        while index + width <= bytes.count {
            if index > 0 { text.append("\\") }
            for byte in bytes[index..<(index + width)].reversed() {
                text.append(digits[Int(byte >> 4)]); text.append(digits[Int(byte & 0xF)])
            }
            index += width
        }
        return text
    }
}
