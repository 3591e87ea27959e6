/// A received DICOM instance as the DICOMweb index keeps it: the keys QIDO-RS matches on, and its
/// non-bulk attributes as DICOM JSON, so searches never open the instance files.
public struct IndexedInstance: Sendable, Equatable {
    public var sopInstanceUID: String
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var sopClassUID: String
    public var patientID: String
    public var accessionNumber: String
    /// YYYYMMDD, or empty.
    public var studyDate: String
    public var modality: String
    /// The data set without bulk data, in the DICOM JSON model (PS3.18 F.2).
    public var attributes: [UInt8]
    /// The instance file, relative to the instance directory: the row's key. Copies with one SOP
    /// Instance UID (a filed instance and a quarantined one) have a row each; searches show the row
    /// whose path the filed instance has.
    public var path: String

    public init(sopInstanceUID: String, studyInstanceUID: String, seriesInstanceUID: String, sopClassUID: String,
                patientID: String, accessionNumber: String, studyDate: String, modality: String, attributes: [UInt8],
                path: String) {
        self.sopInstanceUID = sopInstanceUID
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopClassUID = sopClassUID
        self.patientID = patientID
        self.accessionNumber = accessionNumber
        self.studyDate = studyDate
        self.modality = modality
        self.attributes = attributes
        self.path = path
    }
}
