/// A review task: a record whose best candidate scored between the two thresholds.
public struct MPIReview: Sendable, Codable, Equatable, Identifiable {
    public enum Status: String, Sendable, Codable { case open, linked, keptApart = "kept-apart", superseded }

    public let id: Int
    /// The local record that arrived (PatientIndex record ID).
    public let patientID: Int
    /// The closest existing record and its enterprise ID at the time.
    public let candidatePatientID: Int
    public let candidateEUID: String
    public let score: MatchScore
    public let openedAt: String
    public var status: Status = .open
    public var decidedBy: String = ""
    public var decidedAt: String = ""
}

/// One entry of the identity journal: every enterprise ID assignment, link, unlink and decision.
public struct MPIAuditEntry: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable {
        case assigned, linked, unlinked, reviewOpened = "review-opened", keptApart = "kept-apart"
    }

    public let sequence: Int
    public let at: String
    public let action: Action
    public let patientID: Int
    /// The enterprise ID the record has after the action, and the one it had before.
    public let euid: String
    public let previousEUID: String
    public let score: Double?
    /// `auto` for the matcher, else the person who decided.
    public let by: String
    public let reason: String
}

/// A local record as the index holds it.
public struct MPIEntry: Sendable, Codable {
    public let patientID: Int
    public var demographics: MPIDemographics
    public var identifiers: [PatientIdentifier]
    /// Hashes of its blocking keys (`BlockingKeys.hash`).
    public var blockingKeys: [UInt64]
}

/// The enterprise IDs whose membership an operation changed (for PIX update notifications).
public struct MPIChange: Sendable, Equatable {
    public var changedEUIDs: [String] = []
    public var reviewOpened: Int?
}
