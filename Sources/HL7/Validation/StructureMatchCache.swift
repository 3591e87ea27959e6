import Synchronization

/// Structure issues by (structure, segment names): an interface sends the same few message shapes
/// over and over, and matching a shape again gives the same answer.
final class StructureMatchCache: Sendable {
    static let shared = StructureMatchCache()

    private static let capacity = 512
    private let entries = Mutex<[Key: [HL7Issue]]>([:])

    private struct Key: Hashable {
        let structure: String
        let names: [UInt32]
    }

    /// `names`: the segment names packed (`SegmentIndex.packName`), so that a hit builds no string.
    func issues(_ structure: MessageStructure, _ names: [UInt32]) -> [HL7Issue] {
        let key = Key(structure: structure.name, names: names)
        if let known = entries.withLock({ $0[key] }) { return known }
        let text = names.map { packed in
            String(decoding: [UInt8(truncatingIfNeeded: packed >> 16), UInt8(truncatingIfNeeded: packed >> 8),
                              UInt8(truncatingIfNeeded: packed)], as: UTF8.self)
        }
        var matcher = StructureMatcher(names: text)
        let issues = matcher.match(structure)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = issues
        }
        return issues
    }
}
