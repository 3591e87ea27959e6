import HL7

extension InterfaceProfile {
    /// The domain attributes an order group carries in this profile's fields (and the message-level
    /// segments it declares).
    public func attributes(of group: HL7OrderGroup, in message: HL7Message) -> [DomainAttribute: String] {
        var attributes: [DomainAttribute: String] = [:]
        for contract in segments {
            let segment = contract.scope == .order
                ? group.segments.first { $0.name == contract.segment }
                : message.segment(named: contract.segment)
            guard let segment else { continue }
            for field in contract.fields {
                guard let attribute = field.maps else { continue }
                let value = ProfileValidator.value(of: field, in: segment)
                if !value.isEmpty { attributes[attribute] = value }
            }
        }
        return attributes
    }

    /// The accession number where the profile says it lives, if it says so.
    func accessionNumber(of group: HL7OrderGroup) -> String? {
        guard let path = identity.accession, let (name, field) = ProfileValidator.segmentField(path) else { return nil }
        let value = group.segments.first { $0.name == name }?.field(field)?.firstValue ?? ""
        return value.isEmpty ? nil : value
    }
}

extension WorkflowState {
    /// What a receiver's profile may need to know about the order an outbound group is about:
    /// the order's vendor attributes, its study UID and its first step's station.
    public func profileAttributes(for group: HL7OrderGroup) -> [DomainAttribute: String] {
        let candidates = [group.obr?.field(3), group.orc?.field(3), group.obr?.field(18)].compactMap { $0?.firstValue }
        guard let order = candidates.lazy.filter({ !$0.isEmpty }).compactMap({ self.order(accession: $0) }).first else { return [:] }
        var attributes = order.vendorAttributes
        attributes[.studyInstanceUID] = order.studyInstanceUID
        if let step = order.steps.first {
            if !step.stationAETitle.isEmpty { attributes[.stationAETitle] = step.stationAETitle }
            if !step.stationName.isEmpty { attributes[.stationName] = step.stationName }
        }
        return attributes
    }
}
