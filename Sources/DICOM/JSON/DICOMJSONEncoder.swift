import Foundation

/// The DICOM JSON model of PS3.18 F.2: a data set as `{"GGGGEEEE": {"vr": …, "Value": […]}}`.
/// Objects are Foundation values, ready for `JSONSerialization`.
public enum DICOMJSON {
    /// `bulkDataURI` is asked for top-level binary values longer than `inlineBinaryLimit` (and for
    /// encapsulated pixel data, and for the `alwaysBulk` tags whatever their size); nil omits the
    /// element. Nested bulk values are omitted.
    public static func object(_ dataSet: DataSet, inlineBinaryLimit: Int = 1024, alwaysBulk: Set<Tag> = [],
                              bulkDataURI: (Tag) -> String? = { _ in nil }) -> [String: Any] {
        var object: [String: Any] = [:]
        for element in dataSet.elements where !element.tag.isGroupLength && !element.tag.isFileMeta {
            let limit = alwaysBulk.contains(element.tag) ? -1 : inlineBinaryLimit
            if let attribute = attribute(element, in: dataSet, inlineBinaryLimit: limit, bulkDataURI: bulkDataURI) {
                object[key(element.tag)] = attribute
            }
        }
        return object
    }

    /// `GGGGEEEE` in upper-case hex.
    public static func key(_ tag: Tag) -> String {
        String(format: "%04X%04X", tag.group, tag.element)
    }

    /// Serialized with sorted keys, so equal data sets give equal bytes.
    public static func data(_ value: Any) -> Data {
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
    }

    private static func attribute(_ element: DataElement, in dataSet: DataSet, inlineBinaryLimit: Int,
                                  bulkDataURI: (Tag) -> String?) -> [String: Any]? {
        var attribute: [String: Any] = ["vr": element.vr.rawValue]
        switch element.value {
        case .sequence(let items):
            attribute["Value"] = items.map { object($0, inlineBinaryLimit: max(0, inlineBinaryLimit), bulkDataURI: { _ in nil }) }
            return attribute
        case .fragments:
            guard let uri = bulkDataURI(element.tag) else { return nil }
            attribute["BulkDataURI"] = uri
            return attribute
        case .bytes(let bytes):
            if element.vr.isBulk {
                if bytes.count > inlineBinaryLimit {
                    guard let uri = bulkDataURI(element.tag) else { return nil }
                    attribute["BulkDataURI"] = uri
                } else if !bytes.isEmpty {
                    attribute["InlineBinary"] = Data(bytes).base64EncodedString()
                }
                return attribute
            }
            let values = self.values(element.vr, bytes, dataSet.characterSet)
            if !values.isEmpty { attribute["Value"] = values }
            return attribute
        }
    }

    private static func values(_ vr: VR, _ bytes: [UInt8], _ characterSet: SpecificCharacterSet) -> [Any] {
        switch vr {
        case .US: return bytes.littleEndianValues(as: UInt16.self).map { NSNumber(value: $0) }
        case .SS: return bytes.littleEndianValues(as: Int16.self).map { NSNumber(value: $0) }
        case .UL: return bytes.littleEndianValues(as: UInt32.self).map { NSNumber(value: $0) }
        case .SL: return bytes.littleEndianValues(as: Int32.self).map { NSNumber(value: $0) }
        case .UV: return bytes.littleEndianValues(as: UInt64.self).map { NSNumber(value: $0) }
        case .SV: return bytes.littleEndianValues(as: Int64.self).map { NSNumber(value: $0) }
        case .FL: return bytes.littleEndianValues(as: UInt32.self).map { number(Double(Float(bitPattern: $0))) }
        case .FD: return bytes.littleEndianValues(as: UInt64.self).map { number(Double(bitPattern: $0)) }
        case .AT:
            let halves = bytes.littleEndianValues(as: UInt16.self)
            return stride(from: 0, to: halves.count - 1, by: 2).map { key(Tag(halves[$0], halves[$0 + 1])) }
        default: break
        }
        let text = characterSet.decode(bytes, vr: vr).text
        guard !text.isEmpty else { return [] }
        let parts = vr.isSingleValuedText ? [text] : text.components(separatedBy: "\\")
        return parts.map { part -> Any in
            let trimmed = vr.isSingleValuedText ? part : part.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return NSNull() }
            switch vr {
            case .PN: return personName(trimmed)
            case .DS: return Double(trimmed).map(number) ?? NSNull()
            case .IS: return Int64(trimmed).map { NSNumber(value: $0) } ?? NSNull()
            default: return trimmed
            }
        }
    }

    private static func number(_ value: Double) -> Any { value.isFinite ? NSNumber(value: value) : NSNull() }

    /// Alphabetic=Ideographic=Phonetic component groups.
    private static func personName(_ text: String) -> [String: Any] {
        let groups = text.components(separatedBy: "=")
        var name: [String: Any] = [:]
        for (index, key) in ["Alphabetic", "Ideographic", "Phonetic"].enumerated() where index < groups.count && !groups[index].isEmpty {
            name[key] = groups[index]
        }
        return name
    }
}

extension VR {
    /// Values carried as InlineBinary or BulkDataURI in the JSON and XML models.
    public var isBulk: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN: return true
        default: return false
        }
    }
}
