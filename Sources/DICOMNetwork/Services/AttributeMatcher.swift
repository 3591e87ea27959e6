import DICOM
import Foundation

/// C-FIND matching of PS3.4 §C.2.2.2: universal (empty), single value, wildcard (* ?), range
/// (dates and times), UID list and sequence matching. Values are compared as decoded text.
public struct AttributeMatcher: Sendable {
    public init() {}

    /// Keys that steer the query rather than match (character set, retrieve level).
    static let controlKeys: Set<Tag> = [.specificCharacterSet, Tag(0x0008, 0x0052)]

    public func matches(_ identifier: DataSet, _ candidate: DataSet) -> Bool {
        for key in identifier.elements where !Self.controlKeys.contains(key.tag) && !key.tag.isGroupLength {
            if let items = key.items {
                guard let query = items.first, !query.isEmpty else { continue }
                guard candidate.items(key.tag).contains(where: { matches(query, $0) }) else { return false }
                continue
            }
            guard let pattern = identifier.string(key.tag), !pattern.isEmpty else { continue }
            guard let value = candidate.string(key.tag) else { return false }
            if !matches(value: value, pattern: pattern, vr: key.vr) { return false }
        }
        return true
    }

    /// The response identifier: the requested keys, filled from the candidate.
    public func response(_ identifier: DataSet, _ candidate: DataSet) -> DataSet {
        var result = DataSet()
        if let charset = candidate[.specificCharacterSet] { result[.specificCharacterSet] = charset }
        result.characterSet = candidate.characterSet
        for key in identifier.elements where key.tag != .specificCharacterSet && !key.tag.isGroupLength {
            if let items = key.items {
                let query = items.first ?? DataSet()
                let matching = candidate.items(key.tag).filter { query.isEmpty || matches(query, $0) }
                result.set(key.tag, items: matching.map { query.isEmpty ? $0 : response(query, $0) })
            } else if let value = candidate[key.tag] {
                result[key.tag] = value
            } else {
                result[key.tag] = DataElement(tag: key.tag, vr: key.vr, bytes: [])
            }
        }
        return result
    }

    func matches(value: String, pattern: String, vr: VR) -> Bool {
        let value = value.trimmingCharacters(in: .whitespaces)
        let pattern = pattern.trimmingCharacters(in: .whitespaces)
        if pattern == "*" { return true }
        if vr == .UI && pattern.contains("\\") { return pattern.split(separator: "\\").contains { $0 == value } }
        if [.DA, .TM, .DT].contains(vr), pattern.contains("-") {
            let bounds = pattern.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count == 2 else { return false }
            return (bounds[0].isEmpty || value >= bounds[0]) && (bounds[1].isEmpty || value <= bounds[1])
        }
        if pattern.contains("*") || pattern.contains("?") {
            return wildcard(Array(value), Array(pattern))
        }
        return value == pattern
    }

    /// Iterative glob matching, linear in practice, with no recursion to blow up.
    private func wildcard(_ text: [Character], _ pattern: [Character]) -> Bool {
        var t = 0, p = 0, star = -1, mark = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                t += 1; p += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p; mark = t; p += 1
            } else if star >= 0 {
                p = star + 1; mark += 1; t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
