/// A readable listing like dcmdump's: one line per element, tag, VR, value, then `# length, VM keyword`.
/// Sequence items and fragments are indented by two spaces per level.
public struct DataSetDumper: Sendable {
    /// Values longer than this many characters are cut and end with "..."; nil prints everything.
    public var maximumValueLength: Int?

    public init(maximumValueLength: Int? = 64) {
        self.maximumValueLength = maximumValueLength
    }

    public func dump(_ file: DICOMFile) -> String {
        var lines = ["# Dicom-Meta-Information-Header"]
        dump(file.meta, depth: 0, into: &lines)
        lines.append("# Dicom-Data-Set")
        lines.append("# Used TransferSyntax: \(file.transferSyntax.uid)")
        dump(file.dataSet, depth: 0, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    public func dump(_ dataSet: DataSet) -> String {
        var lines: [String] = []
        dump(dataSet, depth: 0, into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private func dump(_ dataSet: DataSet, depth: Int, into lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        for element in dataSet.elements {
            let keyword = DataDictionary.keyword(for: element.tag) ?? "Unknown"
            switch element.value {
            case .sequence(let items):
                lines.append("\(indent)\(element.tag) \(element.vr.rawValue) (Sequence #=\(items.count)) # u/l, 1 \(keyword)")
                for item in items {
                    lines.append("\(indent)  \(Tag.item) na (Item #=\(item.count)) # u/l, 1 Item")
                    dump(item, depth: depth + 2, into: &lines)
                }
            case .fragments(let encapsulated):
                lines.append("\(indent)\(element.tag) \(element.vr.rawValue) (PixelSequence #=\(encapsulated.fragments.count + 1)) # u/l, 1 \(keyword)")
                for fragment in [encapsulated.basicOffsetTable] + encapsulated.fragments {
                    let text = fragment.isEmpty ? "(no value available)" : cut(ValueFormatter.hex(fragment, width: 1))
                    lines.append("\(indent)  \(Tag.item) pi \(text) # \(fragment.count), 1 Item")
                }
            case .bytes(let bytes):
                let formatted = ValueFormatter.format(bytes, vr: element.vr, characterSet: dataSet.characterSet)
                let text = bytes.isEmpty ? "(no value available)" : element.vr.isText ? "[\(cut(formatted.text))]" : cut(formatted.text)
                lines.append("\(indent)\(element.tag) \(element.vr.rawValue) \(text) # \(bytes.count), \(formatted.multiplicity) \(keyword)")
            }
        }
    }

    private func cut(_ text: String) -> String {
        guard let limit = maximumValueLength, text.count > limit else { return text }
        return String(text.prefix(limit)) + "..."
    }
}
