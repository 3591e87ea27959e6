/// An ORDER / ORDER_OBSERVATION group of ORM, OML, ORR and ORU: the common order (ORC), the
/// request (OBR), the segments that belong to it (TQ1, NTE, Z-segments, …) and its observations.
public struct HL7OrderGroup: Sendable {
    public internal(set) var orc: HL7Segment?
    public internal(set) var obr: HL7Segment?
    /// Every segment of the group in order, including ORC, OBR and the observations.
    public internal(set) var segments: [HL7Segment] = []
    public internal(set) var observations: [HL7ObservationGroup] = []
}

/// An OBSERVATION group: one OBX and the NTE segments that follow it.
public struct HL7ObservationGroup: Sendable {
    public let obx: HL7Segment
    public internal(set) var notes: [HL7Segment] = []
}

extension HL7Message {
    /// The order groups, found by the rule the ORM/OML/ORU grammars share: an ORC starts a group,
    /// an OBR starts one unless it directly completes a group opened by an ORC, an OBX opens an
    /// observation in the current group, and a patient-level segment (PID, PV1, …) closes it.
    public var orderGroups: [HL7OrderGroup] {
        var groups: [HL7OrderGroup] = []
        var current: HL7OrderGroup? = nil
        func close() {
            if let c = current { groups.append(c) }
            current = nil
        }
        for segment in segments where !segment.isBlank {
            switch segment.name {
            case "ORC":
                close()
                current = HL7OrderGroup(orc: segment, segments: [segment])
            case "OBR":
                if current == nil || current?.obr != nil {
                    close()
                    current = HL7OrderGroup()
                }
                current?.obr = segment
                current?.segments.append(segment)
            case "OBX" where current != nil:
                current?.observations.append(HL7ObservationGroup(obx: segment))
                current?.segments.append(segment)
            case "NTE" where current != nil:
                let count = current?.observations.count ?? 0
                if count > 0 { current?.observations[count - 1].notes.append(segment) }
                current?.segments.append(segment)
            case "MSH", "PID", "PD1", "PV1", "PV2", "MSA", "SCH", "RGS":
                close()
            default:
                current?.segments.append(segment)
            }
        }
        close()
        return groups
    }
}
