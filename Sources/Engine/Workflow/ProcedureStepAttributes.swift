import DICOM
import Workflow

/// Reads what the workflow needs from an MPPS instance's attributes.
enum ProcedureStepAttributes {
    static let status = Tag(0x0040, 0x0252)
    static let scheduledStepAttributes = Tag(0x0040, 0x0270)
    static let scheduledStepID = Tag(0x0040, 0x0009)
    static let discontinuationReason = Tag(0x0040, 0x0281)
    static let codeMeaning = Tag(0x0008, 0x0104)

    /// Nil when the status is not one the workflow follows.
    static func event(uid: String, attributes: DataSet) -> ProcedureStepEvent? {
        guard let text = attributes.string(status), let status = ProcedureStepEvent.Status(rawValue: text) else { return nil }
        // The Scheduled Step Attributes Sequence names the worklist item the modality performed.
        let scheduled = attributes.items(scheduledStepAttributes).first ?? DataSet()
        let reason = attributes.items(discontinuationReason).first?.string(codeMeaning) ?? ""
        return ProcedureStepEvent(
            status: status, performedStepUID: uid, studyInstanceUID: scheduled.string(.studyInstanceUID) ?? "",
            accessionNumber: scheduled.string(.accessionNumber) ?? "", scheduledStepID: scheduled.string(scheduledStepID) ?? "",
            discontinuationReason: reason)
    }
}
