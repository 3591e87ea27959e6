import HL7

/// Writes a message the way a receiver's profile expects it: the Z-segments the message carried are
/// removed (they belong to the sender's contract), and each Z-segment the receiver declares is
/// written into every order group (or once, for message-level segments) from domain attributes.
public struct ProfileRenderer: Sendable {
    public let profile: InterfaceProfile

    public init(profile: InterfaceProfile) { self.profile = profile }

    public func render(_ message: HL7Message, attributes: (HL7OrderGroup) -> [DomainAttribute: String]) -> HL7Message {
        let code = message.header.messageCode
        let contracts = profile.zSegments.filter { $0.messages.isEmpty || $0.messages.contains(code) }
        var insertions: [Int: [String]] = [:]  // after segment position → ER7 lines
        let groups = message.orderGroups
        var messageLevel: [DomainAttribute: String] = [:]
        for group in groups {
            let values = attributes(group)
            messageLevel.merge(values) { first, _ in first }
            for contract in contracts where contract.scope == .order {
                guard let line = line(for: contract, values: values, delimiters: message.delimiters) else { continue }
                let anchor = group.segments.last { $0.name == contract.after } ?? group.segments.last
                if let anchor { insertions[anchor.position, default: []].append(line) }
            }
        }
        for contract in contracts where contract.scope == .message {
            guard let line = line(for: contract, values: messageLevel, delimiters: message.delimiters),
                  let anchor = message.segment(named: contract.after) ?? message.segments.last else { continue }
            insertions[anchor.position, default: []].append(line)
        }
        let rewritten = try? message.rewritten { segment in
            if segment.name.hasPrefix("Z") { return .remove }
            return .keep(thenInsert: insertions[segment.position] ?? [])
        }
        return rewritten ?? message
    }

    /// The segment's ER7, or nil when none of its fields has a value to carry.
    private func line(for contract: SegmentContract, values: [DomainAttribute: String], delimiters: HL7Delimiters) -> String? {
        var segment = HL7SegmentBuilder(name: contract.segment, delimiters: delimiters)
        var carried = false
        for (number, fields) in Dictionary(grouping: contract.fields, by: \.field) {
            var components: [String?] = []
            for field in fields {
                let value = field.maps.flatMap { values[$0] } ?? field.constant
                if field.maps != nil, value != nil { carried = true }
                let index = (field.component ?? 1) - 1
                if components.count <= index { components += Array(repeating: nil, count: index + 1 - components.count) }
                components[index] = value
            }
            segment.set(number, components: components)
        }
        return carried ? segment.er7 : nil
    }
}
