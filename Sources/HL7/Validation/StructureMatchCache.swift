import Synchronization

/// Structure issues by (structure, segment names): an interface sends the same few message shapes
/// over and over, and matching a shape again gives the same answer.
final class StructureMatchCache: Sendable {
    static let shared = StructureMatchCache()

    private static let capacity = 512
    private let entries = Mutex<[String: [HL7Issue]]>([:])

    func issues(_ structure: MessageStructure, _ names: [String]) -> [HL7Issue] {
        let key = structure.name + "|" + names.joined(separator: " ")
        if let known = entries.withLock({ $0[key] }) { return known }
        var matcher = StructureMatcher(names: names)
        let issues = matcher.match(structure)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = issues
        }
        return issues
    }
}
