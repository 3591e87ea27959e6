import HL7

/// Checks a message against an interface profile. Errors point at the segment, field and component
/// (ERR-2), so the sender knows exactly which part of the contract it broke.
public struct ProfileValidator: Sendable {
    public let profile: InterfaceProfile

    public init(profile: InterfaceProfile) { self.profile = profile }

    public func check(_ message: HL7Message) -> [HL7Issue] {
        var issues: [HL7Issue] = []
        let code = message.header.messageCode
        var occurrences: [String: Int] = [:]
        for segment in message.segments where !segment.isBlank {
            let name = segment.name
            occurrences[name, default: 0] += 1
            let location = HL7ErrorLocation(segment: name, occurrence: occurrences[name]!)
            if let contract = profile.contract(for: name) {
                // Declared Z-segments are checked wherever they appear; standard segments only in
                // the message types the contract is about.
                if contract.isZSegment || contract.applies(toMessageCode: code) {
                    issues += check(segment, against: contract, at: location)
                }
            } else if name.hasPrefix("Z") {
                issues += undeclared(name, at: location)
            }
        }
        issues += missingSegments(in: message, code: code)
        issues += identityProblems(in: message, code: code)
        return issues
    }

    private func undeclared(_ name: String, at location: HL7ErrorLocation) -> [HL7Issue] {
        let text = "segment \(name) is not declared by profile \(profile.name) \(profile.version)"
        switch profile.undeclaredZSegments {
        case .keep: return []
        case .warn: return [HL7Issue(.segmentSequenceError, at: location, text + "; kept", severity: .warning)]
        case .reject: return [HL7Issue(.segmentSequenceError, at: location, text)]
        }
    }

    private func check(_ segment: HL7Segment, against contract: SegmentContract, at location: HL7ErrorLocation) -> [HL7Issue] {
        contract.fields.compactMap { field in
            var at = location
            at.field = field.field
            at.component = field.component
            let value = Self.value(of: field, in: segment)
            let position = field.position(in: contract.segment)
            let label = field.name.isEmpty ? position : "\(position) (\(field.name))"
            if value.isEmpty {
                return field.required ? HL7Issue(.requiredFieldMissing, at: at, "\(label) is required by profile \(profile.name)") : nil
            }
            if let limit = field.maxLength, value.count > limit {
                return HL7Issue(.valueTooLong, at: at, "\(label) is longer than \(limit) characters")
            }
            if let values = field.values, !values.contains(value) {
                return HL7Issue(.tableValueNotFound, at: at, "\(label) '\(value)' is not one of \(values.joined(separator: ", "))")
            }
            if let problem = field.type.problem(with: value) {
                return HL7Issue(.dataTypeError, at: at, "\(label): \(problem)")
            }
            return nil
        }
    }

    /// Required segments: in every order group, or once in the message.
    private func missingSegments(in message: HL7Message, code: String) -> [HL7Issue] {
        var issues: [HL7Issue] = []
        for contract in profile.segments where contract.required && contract.applies(toMessageCode: code) {
            let text = "segment \(contract.segment) is required by profile \(profile.name)"
            switch contract.scope {
            case .message:
                if message.segment(named: contract.segment) == nil {
                    issues.append(HL7Issue(.segmentSequenceError, at: HL7ErrorLocation(segment: contract.segment), text))
                }
            case .order:
                for (index, group) in message.orderGroups.enumerated()
                where !group.segments.contains(where: { $0.name == contract.segment }) {
                    issues.append(HL7Issue(.segmentSequenceError, at: HL7ErrorLocation(segment: contract.segment, occurrence: index + 1),
                                           text + " in order group \(index + 1)"))
                }
            }
        }
        return issues
    }

    private func identityProblems(in message: HL7Message, code: String) -> [HL7Issue] {
        var issues: [HL7Issue] = []
        if let type = profile.identity.mrnIdentifierType, let pid = message.segment(named: "PID") {
            let identifiers = PatientIdentifier.all(in: pid.field(3))
            if !identifiers.contains(where: { $0.typeCode == type }) {
                issues.append(HL7Issue(.requiredFieldMissing, at: HL7ErrorLocation(segment: "PID", field: 3),
                                       "PID-3 has no identifier of type \(type), which profile \(profile.name) takes as the MRN"))
            }
        }
        if let path = profile.identity.accession, ["ORM", "OML"].contains(code), let (segment, field) = Self.segmentField(path) {
            for (index, group) in message.orderGroups.enumerated() {
                let value = group.segments.first { $0.name == segment }?.field(field)?.firstValue ?? ""
                if value.isEmpty {
                    issues.append(HL7Issue(.requiredFieldMissing, at: HL7ErrorLocation(segment: segment, occurrence: index + 1, field: field),
                                           "profile \(profile.name) expects the accession number in \(path)"))
                }
            }
        }
        return issues
    }

    /// The decoded value a field contract addresses: a component, or the field's first value.
    static func value(of field: FieldContract, in segment: HL7Segment) -> String {
        guard let element = segment.field(field.field), !element.isNull else { return "" }
        if let component = field.component {
            return element.child(1)?.child(component)?.firstValue ?? ""
        }
        return element.firstValue
    }

    /// `OBR-18` → ("OBR", 18).
    static func segmentField(_ path: String) -> (String, Int)? {
        let parts = path.split(separator: "-")
        guard parts.count == 2, parts[0].count == 3, let field = Int(parts[1]), field > 0 else { return nil }
        return (String(parts[0]), field)
    }
}
