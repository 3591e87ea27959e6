/// Parses a data set from a byte buffer. Every read is bounds-checked against its container, every
/// loop consumes at least one header, and nesting is bounded: bad input throws, it never traps or spins.
struct DataSetReader {
    private let buffer: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    private let options: DecodingOptions
    private(set) var warnings: [String] = []

    private static let undefinedLength: UInt32 = 0xFFFF_FFFF

    init(buffer: UnsafeBufferPointer<UInt8>, position: Int = 0, options: DecodingOptions) {
        self.buffer = buffer
        self.position = position
        self.options = options
    }

    var remaining: Int { buffer.count - position }

    // MARK: Primitive reads

    private func u16(at offset: Int, _ bigEndian: Bool) -> UInt16 {
        let a = UInt16(buffer[offset]), b = UInt16(buffer[offset + 1])
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    private func u32(at offset: Int, _ bigEndian: Bool) -> UInt32 {
        let a = UInt32(u16(at: offset, bigEndian)), b = UInt32(u16(at: offset + 2, bigEndian))
        return bigEndian ? a << 16 | b : b << 16 | a
    }

    private func require(_ count: Int, before end: Int) throws {
        guard position + count <= end else { throw DICOMError.truncated(offset: position) }
    }

    func peekTag(_ encoding: ElementEncoding) -> Tag? {
        guard remaining >= 4 else { return nil }
        return Tag(u16(at: position, encoding.bigEndian), u16(at: position + 2, encoding.bigEndian))
    }

    // MARK: Data sets

    /// Reads elements until `end`, or, inside an undefined-length item, until the item delimiter.
    /// `while` (when given) stops before the first element whose tag fails it, e.g. past group 0002.
    mutating func readDataSet(
        end: Int, encoding: ElementEncoding, depth: Int = 0, inherited: SpecificCharacterSet = .default,
        untilItemDelimiter: Bool = false, while condition: ((Tag) -> Bool)? = nil
    ) throws -> DataSet {
        var dataSet = DataSet()
        dataSet.characterSet = inherited
        while position < end {
            try require(8, before: end)
            let tag = Tag(u16(at: position, encoding.bigEndian), u16(at: position + 2, encoding.bigEndian))
            if let condition, !condition(tag) { return dataSet }
            if tag.group == 0xFFFE {
                if tag == .itemDelimitation {
                    position += 8
                    return dataSet
                }
                throw DICOMError.unexpectedTag(tag, offset: position)
            }
            var element = try readElement(tag: tag, end: end, encoding: encoding, depth: depth, charset: dataSet.characterSet)
            if !encoding.explicitVR, element.vr == .US, dataSet.uint16(Tag(0x0028, 0x0103)) == 1,
               DataDictionary.entry(for: tag)?.alternativeVRs.contains(.SS) == true {
                // "US or SS" elements are signed when Pixel Representation says the pixels are.
                element.vr = .SS
            }
            if tag == .specificCharacterSet {
                let terms = String(decoding: element.bytes, as: UTF8.self).trimmingCharacters(in: " \0")
                    .components(separatedBy: "\\")
                dataSet.characterSet = SpecificCharacterSet(terms: terms == [""] ? [] : terms)
                for term in dataSet.characterSet.unsupportedTerms {
                    warnings.append("unsupported Specific Character Set '\(term)': text kept as bytes")
                }
            }
            dataSet.add(element)
        }
        if untilItemDelimiter { throw DICOMError.truncated(offset: position) }
        return dataSet
    }

    // MARK: Elements

    private mutating func readElement(tag: Tag, end: Int, encoding: ElementEncoding, depth: Int, charset: SpecificCharacterSet) throws -> DataElement {
        let headerOffset = position
        var vr: VR
        let length: UInt32
        if encoding.explicitVR {
            guard let explicit = VR(bytes: buffer[position + 4], buffer[position + 5]) else {
                throw DICOMError.invalidVR(tag: tag, offset: headerOffset)
            }
            vr = explicit
            if vr.hasLongLength {
                try require(12, before: end)
                length = u32(at: position + 8, encoding.bigEndian)
                position += 12
            } else {
                length = UInt32(u16(at: position + 6, encoding.bigEndian))
                position += 8
            }
        } else {
            vr = DataDictionary.implicitVR(for: tag)
            length = u32(at: position + 4, encoding.bigEndian)
            position += 8
        }

        if length == Self.undefinedLength {
            switch vr {
            case .SQ:
                return DataElement(tag: tag, vr: vr, value: .sequence(try readSequence(end: nil, limit: end, encoding: encoding, depth: depth + 1, charset: charset)))
            case .UN:
                // PS3.5 §6.2.2: UN of undefined length holds a sequence encoded implicit VR LE.
                let items = try readSequence(end: nil, limit: end, encoding: .implicitLittle, depth: depth + 1, charset: charset)
                return DataElement(tag: tag, vr: .SQ, value: .sequence(items))
            case .OB, .OW:
                return DataElement(tag: tag, vr: vr, value: .fragments(try readFragments(end: end, encoding: encoding)))
            default:
                throw DICOMError.undefinedLengthNotAllowed(tag: tag, offset: headerOffset)
            }
        }

        guard Int(length) <= end - position else {
            throw DICOMError.lengthPastEnd(tag: tag, offset: headerOffset, length: length)
        }
        let valueEnd = position + Int(length)
        if vr == .SQ {
            let items = try readSequence(end: valueEnd, limit: valueEnd, encoding: encoding, depth: depth + 1, charset: charset)
            position = valueEnd
            return DataElement(tag: tag, vr: vr, value: .sequence(items))
        }
        var bytes = Array(buffer[position..<valueEnd])
        position = valueEnd
        if encoding.bigEndian, let width = vr.binaryWidth, width > 1 {
            Self.swapBytes(&bytes, width: width)
        }
        return DataElement(tag: tag, vr: vr, bytes: bytes)
    }

    private static func swapBytes(_ bytes: inout [UInt8], width: Int) {
        bytes.withUnsafeMutableBufferPointer { buffer in
            var index = 0
            while index + width <= buffer.count {
                var low = index, high = index + width - 1
                while low < high {
                    buffer.swapAt(low, high)
                    low += 1; high -= 1
                }
                index += width
            }
        }
    }

    // MARK: Sequences and fragments

    /// Items of a sequence: up to `end` for a defined length, up to the sequence delimiter otherwise.
    private mutating func readSequence(end: Int?, limit: Int, encoding: ElementEncoding, depth: Int, charset: SpecificCharacterSet) throws -> [DataSet] {
        guard depth <= options.maximumNestingDepth else {
            throw DICOMError.nestingTooDeep(limit: options.maximumNestingDepth)
        }
        var items: [DataSet] = []
        while true {
            if let end, position >= end { return items }
            try require(8, before: limit)
            let tag = Tag(u16(at: position, encoding.bigEndian), u16(at: position + 2, encoding.bigEndian))
            let length = u32(at: position + 4, encoding.bigEndian)
            let headerOffset = position
            position += 8
            if tag == .sequenceDelimitation { return items }
            guard tag == .item else { throw DICOMError.unexpectedTag(tag, offset: headerOffset) }
            if length == Self.undefinedLength {
                items.append(try readDataSet(end: limit, encoding: encoding, depth: depth, inherited: charset, untilItemDelimiter: true))
            } else {
                guard Int(length) <= limit - position else {
                    throw DICOMError.lengthPastEnd(tag: tag, offset: headerOffset, length: length)
                }
                let itemEnd = position + Int(length)
                let item = try readDataSet(end: itemEnd, encoding: encoding, depth: depth, inherited: charset)
                position = itemEnd
                items.append(item)
            }
        }
    }

    private mutating func readFragments(end: Int, encoding: ElementEncoding) throws -> EncapsulatedFragments {
        var items: [[UInt8]] = []
        while true {
            try require(8, before: end)
            let tag = Tag(u16(at: position, encoding.bigEndian), u16(at: position + 2, encoding.bigEndian))
            let length = u32(at: position + 4, encoding.bigEndian)
            let headerOffset = position
            position += 8
            if tag == .sequenceDelimitation { break }
            guard tag == .item else { throw DICOMError.unexpectedTag(tag, offset: headerOffset) }
            guard length != Self.undefinedLength, Int(length) <= end - position else {
                throw DICOMError.lengthPastEnd(tag: tag, offset: headerOffset, length: length)
            }
            items.append(Array(buffer[position..<(position + Int(length))]))
            position += Int(length)
        }
        guard let offsetTable = items.first else { return EncapsulatedFragments(fragments: []) }
        return EncapsulatedFragments(basicOffsetTable: offsetTable, fragments: Array(items.dropFirst()))
    }
}
