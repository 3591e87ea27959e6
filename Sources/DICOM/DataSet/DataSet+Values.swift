import Foundation

/// Typed reading and writing of element values.
extension DataSet {
    /// The decoded text of a text element, padding removed; all values joined by `\`.
    public func string(_ tag: Tag) -> String? {
        guard let element = self[tag], element.vr.isText || element.vr == .UN else { return nil }
        return characterSet.decode(element.bytes, vr: element.vr).text
    }

    /// The values of a multi-valued text element.
    public func strings(_ tag: Tag) -> [String] {
        guard let element = self[tag] else { return [] }
        guard let text = string(tag), !text.isEmpty else { return [] }
        return element.vr.isSingleValuedText ? [text] : text.components(separatedBy: "\\")
    }

    public func uint16(_ tag: Tag) -> UInt16? { binaryValues(tag, as: UInt16.self).first }
    public func uint32(_ tag: Tag) -> UInt32? { binaryValues(tag, as: UInt32.self).first }

    public func items(_ tag: Tag) -> [DataSet] { self[tag]?.items ?? [] }

    /// Little-endian fixed-width values (US, UL, SS, SL, FL, FD, SV, UV and the O* VRs).
    public func binaryValues<T: FixedWidthInteger>(_ tag: Tag, as type: T.Type) -> [T] {
        guard let bytes = self[tag]?.bytes else { return [] }
        return bytes.littleEndianValues(as: type)
    }

    /// Sets a text element, encoded as UTF-8 when it is not ASCII (the caller sets ISO_IR 192 then).
    public mutating func set(_ tag: Tag, _ vr: VR, _ text: String) {
        var bytes = Array(text.utf8)
        if bytes.count % 2 == 1 { bytes.append(vr.paddingByte) }
        self[tag] = DataElement(tag: tag, vr: vr, bytes: bytes)
        if tag == .specificCharacterSet { characterSet = SpecificCharacterSet(terms: strings(tag)) }
    }

    public mutating func set(_ tag: Tag, uint16 value: UInt16) {
        self[tag] = DataElement(tag: tag, vr: .US, bytes: value.littleEndianBytes)
    }

    public mutating func set(_ tag: Tag, uint32 value: UInt32) {
        self[tag] = DataElement(tag: tag, vr: .UL, bytes: value.littleEndianBytes)
    }

    public mutating func set(_ tag: Tag, items: [DataSet]) {
        self[tag] = DataElement(tag: tag, vr: .SQ, value: .sequence(items))
    }
}

extension FixedWidthInteger {
    var littleEndianBytes: [UInt8] {
        withUnsafeBytes(of: self.littleEndian) { Array($0) }
    }
}

extension Array where Element == UInt8 {
    func littleEndianValues<T: FixedWidthInteger>(as type: T.Type) -> [T] {
        let width = MemoryLayout<T>.size
        var values: [T] = []
        values.reserveCapacity(count / width)
        var index = 0
        while index + width <= count {
            var value: T = 0
            for byte in 0..<width { value |= T(truncatingIfNeeded: self[index + byte]) << (8 * byte) }
            values.append(value)
            index += width
        }
        return values
    }
}
