/// What a DICOMweb search asks the index for. Nil matches anything; `patientID` and
/// `accessionNumber` take the DICOM wildcards `*` and `?`.
public struct InstanceIndexQuery: Sendable, Equatable {
    public var studyInstanceUIDs: [String]?
    public var seriesInstanceUID: String?
    public var sopInstanceUID: String?
    public var patientID: String?
    public var accessionNumber: String?
    /// Inclusive YYYYMMDD bounds.
    public var studyDateFrom: String?
    public var studyDateTo: String?

    public init(studyInstanceUIDs: [String]? = nil, seriesInstanceUID: String? = nil, sopInstanceUID: String? = nil,
                patientID: String? = nil, accessionNumber: String? = nil, studyDateFrom: String? = nil, studyDateTo: String? = nil) {
        self.studyInstanceUIDs = studyInstanceUIDs
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.patientID = patientID
        self.accessionNumber = accessionNumber
        self.studyDateFrom = studyDateFrom
        self.studyDateTo = studyDateTo
    }
}
