/// OBR-25 / OBX-11 result status (HL7 table 0085) as far as reports use it.
public enum ResultStatus: String, Sendable, Codable {
    case preliminary = "P", final = "F", corrected = "C", cannotObtain = "X"
}

/// One received version of a report.
public struct ReportVersion: Sendable, Codable {
    public var status: ResultStatus
    public var receivedAt: String
    /// MSH-10 of the ORU that carried it.
    public var controlID: String
    /// OBR-7 observation date/time.
    public var observedAt: String
    /// OBR-32 principal result interpreter.
    public var interpreter: PersonName
    public var sections: [ReportSection]
    /// OBX-8 flags found in the report (AA, HH, LL, A, H, L, N, …).
    public var abnormalFlags: [String]
    /// Why the report counts as critical, when it does.
    public var criticalReasons: [String]

    public var isCritical: Bool { !criticalReasons.isEmpty }
    public func text(of kind: ReportSectionKind) -> String {
        sections.filter { $0.kind == kind }.flatMap(\.text).joined(separator: "\n")
    }
}

/// A report and its history: every version in the order received; the last one is current, and a
/// correction supersedes the final without erasing it.
public struct Report: Sendable, Codable, Identifiable {
    public let id: Int
    public let orderID: Int
    public var versions: [ReportVersion]
    public var current: ReportVersion { versions[versions.count - 1] }
    public var hasFinal: Bool { versions.contains { $0.status == .final } }
}

/// A message held back for an operator instead of being filed.
public struct QuarantineEntry: Sendable, Codable, Identifiable {
    public let id: Int
    public let kind: String
    public let reason: String
    public let controlID: String
    public let receivedAt: String
}
