/// Checks a parsed message against the radiology message structures and field rules.
/// Every problem is an `HL7Issue` with its location and HL7 table 0357 code, ready for an ERR.
public enum HL7Validator {
    public static func validate(_ message: HL7Message) -> [HL7Issue] {
        var issues = headerIssues(message)
        issues += structureIssues(message)
        issues += fieldIssues(message)
        issues += duplicateSetIDs(message)
        return issues
    }

    static func headerIssues(_ m: HL7Message) -> [HL7Issue] {
        var issues: [HL7Issue] = []
        let h = m.header
        if !h.messageCode.isEmpty, h.triggerEvent.isEmpty, h.messageCode != "ACK" {
            issues.append(HL7Issue(.requiredFieldMissing, at: HL7ErrorLocation(segment: "MSH", field: 9, component: 2),
                                   "MSH-9 names message type \(h.messageCode) without a trigger event"))
        }
        let processing = h.processingID
        if !processing.isEmpty, !FieldRules.processingIDs.contains(processing) {
            issues.append(HL7Issue(.unsupportedProcessingID, at: HL7ErrorLocation(segment: "MSH", field: 11),
                                   "processing ID '\(processing)' is not P, D or T"))
        }
        let version = h.version
        if !version.isEmpty, HL7Version(version).map({ !HL7Version.supported.contains($0) }) ?? true {
            issues.append(HL7Issue(.unsupportedVersionID, at: HL7ErrorLocation(segment: "MSH", field: 12),
                                   "version '\(version)' is not an HL7 v2 version from 2.1 to 2.8"))
        }
        if case .unsupported(let name) = m.characterSet {
            issues.append(HL7Issue(.tableValueNotFound, at: HL7ErrorLocation(segment: "MSH", field: 18),
                                   "character set '\(name)' is not supported (ASCII, 8859/1, UNICODE UTF-8)"))
        }
        return issues
    }

    private static func structureIssues(_ m: HL7Message) -> [HL7Issue] {
        let h = m.header
        guard !h.messageCode.isEmpty else { return [] }
        var names: [UInt32] = []
        var issues: [HL7Issue] = []
        for segment in m.segments where !segment.isBlank {
            if let packed = segment.packedName, isSegmentName(packed) {
                if packed >> 16 != 0x5A { names.append(packed) }   // Z-segments are profiles' business
            } else {
                let name = segment.name
                // Such a line is often text that lost its segment (a report line, base64): not quoted.
                issues.append(HL7Issue(.segmentSequenceError, at: HL7ErrorLocation(segment: String(printable(name).prefix(3))),
                                       "a line does not start with a segment name"))
            }
        }
        switch StructureCatalog.lookup(code: h.messageCode, trigger: h.triggerEvent) {
        case .structure(let structure):
            issues += StructureMatchCache.shared.issues(structure, names)
        case .unsupportedTrigger(let supported):
            issues.append(HL7Issue(.unsupportedEventCode, at: HL7ErrorLocation(segment: "MSH", field: 9, component: 2),
                                   "\(h.messageCode) trigger '\(h.triggerEvent)' is not supported (\(supported))"))
        case .unknown:
            issues.append(HL7Issue(.unsupportedMessageType, at: HL7ErrorLocation(segment: "MSH", field: 9),
                                   "no structure is defined for \(h.messageType); only the header and fields were checked",
                                   severity: .warning))
        }
        return issues
    }

    private static func fieldIssues(_ m: HL7Message) -> [HL7Issue] {
        var issues: [HL7Issue] = []
        // Occurrences by packed name; names that are not three bytes long (rare, and already an
        // issue) by their text.
        var counts: [UInt32: Int] = [:]
        var otherCounts: [String: Int] = [:]
        let version = HL7Version(m.header.version)
        for segment in m.segments where !segment.isBlank {
            let packed = segment.packedName
            let occurrence: Int
            if let packed {
                occurrence = counts[packed, default: 0] + 1
                counts[packed] = occurrence
            } else {
                let name = segment.name
                otherCounts[name, default: 0] += 1
                occurrence = otherCounts[name]!
            }
            if let packed, let rules = FieldRules.bySegment[packed] {
                issues += fieldIssues(segment, rules, occurrence: occurrence, version: version)
            }
            issues += escapeIssues(segment, occurrence: occurrence)
        }
        return issues
    }

    private static func fieldIssues(_ segment: HL7Segment, _ rules: SegmentFieldRules, occurrence: Int,
                                    version: HL7Version?) -> [HL7Issue] {
        var issues: [HL7Issue] = []
        let name = rules.name
        func location(_ field: Int, component: Int? = nil) -> HL7ErrorLocation {
            HL7ErrorLocation(segment: name, occurrence: occurrence, field: field, component: component)
        }
        let laterRequired = rules.requiredFrom.filter { rule in version.map { $0 >= rule.version } ?? true }
        for field in rules.required + laterRequired.map({ $0.field }) where segment.field(field)?.isEmpty ?? true {
            issues.append(HL7Issue(.requiredFieldMissing, at: location(field), "\(name)-\(field) is required"))
        }
        for field in rules.timestamps {
            guard let value = segment.field(field)?.child(1)?.child(1)?.value, !value.isEmpty, value != "\"\"" else { continue }
            if !HL7Timestamp.isValid(value) {
                issues.append(HL7Issue(.dataTypeError, at: location(field, component: 1),
                                       "\(name)-\(field) is not a valid HL7 timestamp"))
            }
        }
        for rule in rules.tables {
            guard let value = segment.field(rule.field)?.child(1)?.child(1)?.value, !value.isEmpty else { continue }
            if !rule.values.contains(value) {
                issues.append(HL7Issue(.tableValueNotFound, at: location(rule.field),
                                       "\(name)-\(rule.field) holds a value that is not in HL7 table \(rule.table)"))
            }
        }
        return issues
    }

    /// An escape character without its closing partner inside one value.
    private static func escapeIssues(_ segment: HL7Segment, occurrence: Int) -> [HL7Issue] {
        guard let esc = segment.message.delimiters.escape, segment.rawBytes.contains(esc) else { return [] }
        var issues: [HL7Issue] = []
        for (k, field) in segment.fields.enumerated() where field.level == .field {
            if !HL7Escaping.unterminatedEscapes(in: field.rawBytes, segment.message.delimiters).isEmpty {
                let number = k + 1
                issues.append(HL7Issue(.dataTypeError,
                                       at: HL7ErrorLocation(segment: segment.name, occurrence: occurrence, field: number),
                                       "\(segment.name)-\(number) has an escape sequence that is not terminated"))
            }
        }
        return issues
    }

    /// OBX-1 set IDs repeated inside one order group.
    private static func duplicateSetIDs(_ m: HL7Message) -> [HL7Issue] {
        var issues: [HL7Issue] = []
        let obxPositions = m.segments(named: "OBX").map(\.position)
        guard obxPositions.count > 1 else { return [] }
        for group in m.orderGroups {
            var seen: Set<String> = []
            for observation in group.observations {
                let obxOccurrence = (obxPositions.firstIndex(of: observation.obx.position) ?? 0) + 1
                guard let id = observation.obx.field(1)?.value, !id.isEmpty else { continue }
                if !seen.insert(id).inserted {
                    issues.append(HL7Issue(.duplicateKeyIdentifier,
                                           at: HL7ErrorLocation(segment: "OBX", occurrence: obxOccurrence, field: 1),
                                           "OBX-1 set ID appears twice in one order", severity: .warning))
                }
            }
        }
        return issues
    }

    /// An upper-case letter, then two upper-case letters or digits.
    private static func isSegmentName(_ packed: UInt32) -> Bool {
        func letter(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func letterOrDigit(_ b: UInt8) -> Bool { letter(b) || (b >= 0x30 && b <= 0x39) }
        return letter(UInt8(truncatingIfNeeded: packed >> 16)) && letterOrDigit(UInt8(truncatingIfNeeded: packed >> 8))
            && letterOrDigit(UInt8(truncatingIfNeeded: packed))
    }

    private static func printable(_ s: String) -> String {
        String(s.prefix(8).unicodeScalars.map { $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}
