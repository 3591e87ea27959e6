import Foundation

/// Lookup by tag or keyword in the generated PS3.6 table (see scripts/generate-dicom-dictionary.py).
public enum DataDictionary {
    private struct Tables: Sendable {
        var byTag: [UInt32: DictionaryEntry] = [:]
        var byKeyword: [String: DictionaryEntry] = [:]
        /// (mask of fixed bits, value of fixed bits, entry) for tags like (60xx,3000).
        var repeaters: [(mask: UInt32, value: UInt32, entry: DictionaryEntry)] = []
    }

    private static let tables: Tables = {
        var tables = Tables()
        for line in entriesTable.split(separator: "\n") {
            guard let (key, entry) = parse(line), let combined = UInt32(key, radix: 16) else { continue }
            let fixed = DictionaryEntry(tag: Tag(combined), vr: entry.vr, alternativeVRs: entry.alternativeVRs,
                                        vm: entry.vm, keyword: entry.keyword, name: entry.name, isRetired: entry.isRetired)
            tables.byTag[combined] = fixed
            if !fixed.keyword.isEmpty { tables.byKeyword[fixed.keyword] = fixed }
        }
        for line in repeatersTable.split(separator: "\n") {
            guard let (key, entry) = parse(line) else { continue }
            var mask: UInt32 = 0, value: UInt32 = 0
            for character in key {
                mask <<= 4; value <<= 4
                if character != "x", let digit = character.hexDigitValue {
                    mask |= 0xF; value |= UInt32(digit)
                }
            }
            tables.repeaters.append((mask, value, entry))
            if !entry.keyword.isEmpty { tables.byKeyword[entry.keyword] = entry }
        }
        return tables
    }()

    private static func parse(_ line: Substring) -> (Substring, DictionaryEntry)? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count >= 6 else { return nil }
        let vrs = fields[1].components(separatedBy: " or ").compactMap { VR(rawValue: $0) }
        let entry = DictionaryEntry(tag: Tag(0), vr: vrs.first ?? .UN, alternativeVRs: Array(vrs.dropFirst()),
                                    vm: String(fields[2]), keyword: String(fields[3]), name: String(fields[4]),
                                    isRetired: fields[5] == "R")
        return (fields[0], entry)
    }

    public static func entry(for tag: Tag) -> DictionaryEntry? {
        if let entry = tables.byTag[tag.combined] { return entry }
        if tag.isGroupLength {
            return DictionaryEntry(tag: tag, vr: .UL, alternativeVRs: [], vm: "1", keyword: "GenericGroupLength",
                                   name: "Generic Group Length", isRetired: false)
        }
        if tag.isPrivate {
            if tag.isPrivateCreator {
                return DictionaryEntry(tag: tag, vr: .LO, alternativeVRs: [], vm: "1", keyword: "PrivateCreator",
                                       name: "Private Creator", isRetired: false)
            }
            return nil
        }
        for repeater in tables.repeaters where tag.combined & repeater.mask == repeater.value {
            return repeater.entry
        }
        return nil
    }

    public static func entry(forKeyword keyword: String) -> DictionaryEntry? { tables.byKeyword[keyword] }

    public static func tag(forKeyword keyword: String) -> Tag? {
        guard let entry = tables.byKeyword[keyword] else { return nil }
        return entry.tag.combined == 0 ? nil : entry.tag
    }

    public static func keyword(for tag: Tag) -> String? { entry(for: tag)?.keyword }

    /// VR used for implicit VR data; UN when the dictionary does not know the tag.
    public static func implicitVR(for tag: Tag) -> VR {
        guard let entry = entry(for: tag) else { return .UN }
        // PS3.5 Annex A.1: "OB or OW" data (pixel data, overlays) is OW in implicit VR.
        return entry.vr == .OB && entry.alternativeVRs.contains(.OW) ? .OW : entry.vr
    }
}
