import DICOM
import Foundation
import Workflow

/// The patient and order attributes a forwarded instance carries: the order's current values
/// (after patient updates and merges), not necessarily what the modality wrote.
struct DICOMHeaderCoercion: Sendable, Equatable {
    static let patientSex = Tag(0x0010, 0x0040)
    static let originalAttributesSequence = Tag(0x0400, 0x0561)
    static let modifiedAttributesSequence = Tag(0x0400, 0x0550)
    static let attributeModificationDateTime = Tag(0x0400, 0x0562)
    static let modifyingSystem = Tag(0x0400, 0x0563)
    static let sourceOfPreviousValues = Tag(0x0400, 0x0564)
    static let reasonForModification = Tag(0x0400, 0x0565)

    /// Tag, VR and value; an empty value leaves the instance's own.
    let values: [(Tag, VR, String)]

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.fingerprint == rhs.fingerprint }

    /// What a study's instances must carry now, or nil when its order is unknown.
    init?(studyInstanceUID: String, state: WorkflowState) {
        guard let study = state.studies[studyInstanceUID], let order = state.orders[study.orderID],
              let patient = state.patient(of: order) else { return nil }
        let identifier = patient.primaryIdentifier
        values = [(.patientName, .PN, patient.name.dicom), (.patientID, .LO, identifier?.id ?? ""),
                  (.issuerOfPatientID, .LO, identifier?.issuer ?? ""), (.patientBirthDate, .DA, patient.birthDate),
                  (Self.patientSex, .CS, patient.sex), (.accessionNumber, .SH, order.accessionNumber)]
    }

    /// Recorded with each sent instance: a different fingerprint later means a re-send is due.
    var fingerprint: String { values.map(\.2).joined(separator: "|") }

    /// Sets the values that differ, keeping the replaced ones in an Original Attributes Sequence
    /// item (PS3.3 C.12.1). Returns whether anything changed.
    @discardableResult
    func apply(to dataSet: inout DataSet, at date: Date = Date()) -> Bool {
        var originals = DataSet()
        var changed = false
        for (tag, vr, value) in values where !value.isEmpty && dataSet.string(tag) != value {
            originals[tag] = dataSet[tag] ?? DataElement(tag: tag, vr: vr, bytes: [])
            if !value.allSatisfy(\.isASCII), (dataSet.string(.specificCharacterSet) ?? "").isEmpty {
                dataSet.set(.specificCharacterSet, .CS, "ISO_IR 192")
            }
            dataSet.set(tag, vr, value)
            changed = true
        }
        guard changed else { return false }
        var item = DataSet()
        item.set(Self.sourceOfPreviousValues, .LO, "")
        item.set(Self.attributeModificationDateTime, .DT, Self.timestamp(date))
        item.set(Self.modifyingSystem, .LO, "RADBRIDGE")
        item.set(Self.reasonForModification, .CS, "COERCE")
        item.set(Self.modifiedAttributesSequence, items: [originals])
        dataSet.set(Self.originalAttributesSequence, items: dataSet.items(Self.originalAttributesSequence) + [item])
        return true
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss"
        return formatter.string(from: date)
    }
}
