/// Encodes data sets little endian, implicit or explicit VR. Sequences and items are written with
/// undefined length (no lengths to back-patch); group length elements are left out, as PS3.5 allows.
struct DataSetWriter {
    private(set) var bytes: [UInt8] = []
    let encoding: ElementEncoding

    init(encoding: ElementEncoding, capacity: Int = 0) {
        self.encoding = encoding
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF)); bytes.append(UInt8(value >> 8))
    }

    mutating func append(_ value: UInt32) {
        append(UInt16(value & 0xFFFF)); append(UInt16(value >> 16))
    }

    mutating func append(_ tag: Tag) {
        append(tag.group); append(tag.element)
    }

    mutating func write(_ dataSet: DataSet, keepGroupLengths: Bool = false) throws {
        for element in dataSet.elements where keepGroupLengths || !element.tag.isGroupLength {
            try write(element)
        }
    }

    mutating func write(_ element: DataElement) throws {
        switch element.value {
        case .bytes(let value):
            let padded = value.count % 2 == 1
            let length = value.count + (padded ? 1 : 0)
            try writeHeader(element.tag, element.vr, length: UInt32(exactly: length) ?? 0xFFFF_FFFF)
            bytes.append(contentsOf: value)
            if padded { bytes.append(element.vr.paddingByte) }
        case .sequence(let items):
            try writeHeader(element.tag, element.vr == .UN ? .SQ : element.vr, length: 0xFFFF_FFFF)
            for item in items {
                append(Tag.item); append(UInt32(0xFFFF_FFFF))
                try write(item)
                append(Tag.itemDelimitation); append(UInt32(0))
            }
            append(Tag.sequenceDelimitation); append(UInt32(0))
        case .fragments(let encapsulated):
            try writeHeader(element.tag, element.vr, length: 0xFFFF_FFFF)
            for fragment in [encapsulated.basicOffsetTable] + encapsulated.fragments {
                let padded = fragment.count % 2 == 1
                append(Tag.item); append(UInt32(fragment.count + (padded ? 1 : 0)))
                bytes.append(contentsOf: fragment)
                if padded { bytes.append(0) }
            }
            append(Tag.sequenceDelimitation); append(UInt32(0))
        }
    }

    private mutating func writeHeader(_ tag: Tag, _ vr: VR, length: UInt32) throws {
        append(tag)
        if !encoding.explicitVR {
            append(length)
            return
        }
        let code = Array(vr.rawValue.utf8)
        bytes.append(code[0]); bytes.append(code[1])
        if vr.hasLongLength {
            append(UInt16(0)); append(length)
        } else {
            guard length <= 0xFFFF else {
                throw DICOMError.invalidValue(tag: tag, reason: "\(length) bytes do not fit a \(vr.rawValue) length field")
            }
            append(UInt16(length))
        }
    }
}
