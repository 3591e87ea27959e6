import Foundation
import DICOM

/// A study a PACS listed in answer to a study-level C-FIND (Study Root).
public struct PACSStudy: Sendable, Equatable {
    /// The `dicomDestinations` name of the PACS that answered.
    public var source: String
    public var studyInstanceUID: String
    public var patientID: String
    public var issuerOfPatientID: String
    public var accessionNumber: String
    /// YYYYMMDD and HHMMSS(.FFFFFF) as the PACS has them.
    public var studyDate: String
    public var studyTime: String
    public var studyDescription: String
    public var modalities: [String]
    public var series: Int?
    public var instances: Int?

    /// Date and time as one sortable string (like the local priors' HL7 timestamps).
    public var performedAt: String {
        studyDate + (studyTime.split(separator: ".").first.map(String.init) ?? "")
    }
}

/// The study-level identifiers RadBridge sends to a PACS and reads back (PS3.4 C.6.2.1).
enum PACSStudyQuery {
    static let queryRetrieveLevel = Tag(0x0008, 0x0052)
    static let studyTime = Tag(0x0008, 0x0030)
    static let modalitiesInStudy = Tag(0x0008, 0x0061)
    static let studyDescription = Tag(0x0008, 0x1030)
    static let numberOfStudyRelatedSeries = Tag(0x0020, 0x1206)
    static let numberOfStudyRelatedInstances = Tag(0x0020, 0x1208)

    /// The patient's studies: PatientID matched exactly, optionally of one modality and since a date.
    static func studies(patientID: String, modality: String, since: String) -> DataSet {
        var identifier = DataSet()
        identifier.set(queryRetrieveLevel, .CS, "STUDY")
        identifier.set(.patientID, .LO, patientID)
        identifier.set(.issuerOfPatientID, .LO, "")
        identifier.set(.patientName, .PN, "")
        identifier.set(.studyInstanceUID, .UI, "")
        identifier.set(.accessionNumber, .SH, "")
        let day = String(since.prefix(8))
        identifier.set(.studyDate, .DA, day.count == 8 && day.allSatisfy(\.isNumber) ? day + "-" : "")
        identifier.set(studyTime, .TM, "")
        identifier.set(modalitiesInStudy, .CS, modality)
        identifier.set(studyDescription, .LO, "")
        identifier.set(numberOfStudyRelatedSeries, .IS, "")
        identifier.set(numberOfStudyRelatedInstances, .IS, "")
        return identifier
    }

    /// The unique key of one study, for C-MOVE.
    static func study(_ uid: String) -> DataSet {
        var identifier = DataSet()
        identifier.set(queryRetrieveLevel, .CS, "STUDY")
        identifier.set(.studyInstanceUID, .UI, uid)
        return identifier
    }

    /// A C-FIND match as a study; nil without a Study Instance UID.
    static func study(from match: DataSet, source: String) -> PACSStudy? {
        func text(_ tag: Tag) -> String { (match.string(tag) ?? "").trimmingCharacters(in: .whitespaces) }
        let uid = text(.studyInstanceUID)
        guard !uid.isEmpty else { return nil }
        return PACSStudy(source: source, studyInstanceUID: uid, patientID: text(.patientID), issuerOfPatientID: text(.issuerOfPatientID),
                         accessionNumber: text(.accessionNumber), studyDate: text(.studyDate), studyTime: text(studyTime),
                         studyDescription: text(studyDescription),
                         modalities: match.strings(modalitiesInStudy).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                         series: Int(text(numberOfStudyRelatedSeries)), instances: Int(text(numberOfStudyRelatedInstances)))
    }
}
