/// The identifying attributes of an instance a modality stored (C-STORE or STOW).
public struct ReceivedInstance: Sendable, Hashable, Codable {
    public var patientID: String
    public var issuerOfPatientID: String
    public var accessionNumber: String
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var sopInstanceUID: String
    public var sopClassUID: String
    public var modality: String
    public var callingAETitle: String
    /// A digest of the stored transfer syntax and data set: tells an identical resend from other content.
    public var contentDigest: String?

    public init(patientID: String, issuerOfPatientID: String = "", accessionNumber: String, studyInstanceUID: String,
                seriesInstanceUID: String, sopInstanceUID: String, sopClassUID: String = "", modality: String = "",
                callingAETitle: String = "", contentDigest: String? = nil) {
        self.patientID = patientID
        self.issuerOfPatientID = issuerOfPatientID
        self.accessionNumber = accessionNumber
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.sopClassUID = sopClassUID
        self.modality = modality
        self.callingAETitle = callingAETitle
        self.contentDigest = contentDigest
    }
}

/// Where a received instance is filed.
public enum StudyLinkDecision: Sendable, Equatable {
    /// Filed with its order. `notes` records accepted discrepancies (e.g. a study UID the
    /// modality generated instead of the worklist's).
    case linked(orderID: Int, notes: [String])
    /// Held back for an operator: never filed under a patient or order it may not belong to.
    case quarantined(reason: String)
}
