/// An abstract message syntax (HL7 v2 chapter 2): segments and groups, each optional or required,
/// single or repeating. Z-segments are allowed anywhere and are not part of a structure.
public struct MessageStructure: Sendable {
    public indirect enum Node: Sendable {
        case segment(String, required: Bool, repeating: Bool)
        case group(String, [Node], required: Bool, repeating: Bool)
        /// Any run of segments up to the next one the rest of the structure expects
        /// (the "segment pattern" of query responses).
        case anything
    }

    public let name: String
    public let nodes: [Node]

    public init(_ name: String, _ nodes: [Node]) {
        self.name = name
        self.nodes = nodes
    }
}

// Shorthand used by the structure definitions: `seg`, `opt`, `rep` (0..n), `some` (1..n) and the
// same for groups.
func seg(_ name: String) -> MessageStructure.Node { .segment(name, required: true, repeating: false) }
func opt(_ name: String) -> MessageStructure.Node { .segment(name, required: false, repeating: false) }
func rep(_ name: String) -> MessageStructure.Node { .segment(name, required: false, repeating: true) }
func some(_ name: String) -> MessageStructure.Node { .segment(name, required: true, repeating: true) }
func group(_ name: String, required: Bool = false, repeating: Bool = false, _ nodes: MessageStructure.Node...) -> MessageStructure.Node {
    .group(name, nodes, required: required, repeating: repeating)
}

/// Matches the segment names of a message against a structure, greedily and without
/// backtracking (the HL7 grammars are written to be read that way).
struct StructureMatcher {
    let names: [String]
    /// Occurrence number (1-based) of each segment among segments of the same name.
    let occurrences: [Int]
    var position = 0
    var issues: [HL7Issue] = []

    init(names: [String]) {
        self.names = names
        var seen: [String: Int] = [:]
        occurrences = names.map { name in
            seen[name, default: 0] += 1
            return seen[name]!
        }
    }

    /// What may come after the node being matched, innermost sequence last (for `anything`); kept
    /// as slices on a stack, since building a `following` array per node made matching quadratic.
    private var pending: [ArraySlice<MessageStructure.Node>] = []

    mutating func match(_ structure: MessageStructure) -> [HL7Issue] {
        matchSequence(structure.nodes)
        if position < names.count {
            let name = names[position]
            let previous = position > 0 ? " after \(names[position - 1])" : ""
            issues.append(HL7Issue(.segmentSequenceError,
                                   at: HL7ErrorLocation(segment: name, occurrence: occurrences[position]),
                                   "segment \(name) is not expected here\(previous) in \(structure.name)"))
        }
        return issues
    }

    /// Matches nodes in order.
    private mutating func matchSequence(_ nodes: [MessageStructure.Node]) {
        for k in nodes.indices {
            pending.append(nodes[(k + 1)...])
            matchNode(nodes[k])
            pending.removeLast()
        }
    }

    private mutating func matchNode(_ node: MessageStructure.Node) {
        switch node {
        case .segment(let name, let required, let repeating):
            var count = 0
            while position < names.count, names[position] == name, repeating || count == 0 {
                position += 1
                count += 1
            }
            if required && count == 0 { reportMissing(name) }
        case .group(let name, let children, let required, let repeating):
            var count = 0
            while position < names.count, repeating || count == 0 {
                guard let first = firstSegments(children), first.contains(names[position]) else { break }
                let before = position
                matchSequence(children)
                guard position > before else { break }
                count += 1
            }
            if required && count == 0 { reportMissing(name) }
        case .anything:
            let stops = Set(pending.joined().compactMap { firstSegments([$0]) }.joined())
            while position < names.count, !stops.contains(names[position]) { position += 1 }
        }
    }

    private mutating func reportMissing(_ what: String) {
        let before = position < names.count ? " before \(names[position])" : " at the end of the message"
        let segmentName = what.count == 3 ? what : (position < names.count ? names[position] : names.last ?? "MSH")
        issues.append(HL7Issue(.segmentSequenceError, at: HL7ErrorLocation(segment: segmentName),
                               "required \(what.count == 3 ? "segment" : "group") \(what) is missing\(before)"))
    }

    /// The segment names that can start a sequence: leading optional nodes and the first required one.
    private func firstSegments(_ nodes: [MessageStructure.Node]) -> Set<String>? {
        var result: Set<String> = []
        for node in nodes {
            switch node {
            case .segment(let name, let required, _):
                result.insert(name)
                if required { return result }
            case .group(_, let children, let required, _):
                if let inner = firstSegments(children) { result.formUnion(inner) }
                if required { return result }
            case .anything:
                return result
            }
        }
        return result.isEmpty ? nil : result
    }
}
