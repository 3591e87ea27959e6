/// One Modality Worklist entry: a scheduled procedure step with its order and patient, flattened
/// to the return keys of the IHE Scheduled Workflow profile.
public struct WorklistItem: Sendable, Hashable {
    public var orderID: Int
    public var patientName: PersonName
    public var patientID: String
    public var issuerOfPatientID: String
    public var birthDate: String
    public var sex: String
    public var accessionNumber: String
    public var referringPhysician: PersonName
    public var requestedProcedureID: String
    public var requestedProcedureDescription: String
    public var requestedProcedureCode: CodedValue
    /// The standard code beside the local one: a second item of (0032,1064).
    public var standardProcedureCode: CodedValue? = nil
    public var studyInstanceUID: String
    public var priority: String
    public var reason: String
    public var step: ScheduledProcedureStep

    /// The entries an order offers: its scheduled steps, while the order is open.
    static func items(for order: Order, patient: Patient) -> [WorklistItem] {
        guard order.state.isOnWorklist, let identifier = patient.primaryIdentifier else { return [] }
        return order.steps.filter { $0.status == .scheduled }.map { step in
            WorklistItem(
                orderID: order.id, patientName: patient.name, patientID: identifier.id, issuerOfPatientID: identifier.issuer,
                birthDate: patient.birthDate, sex: patient.sex, accessionNumber: order.accessionNumber,
                referringPhysician: order.referringPhysician, requestedProcedureID: order.requestedProcedureID,
                requestedProcedureDescription: order.procedure.text, requestedProcedureCode: order.procedure,
                standardProcedureCode: order.standardProcedure, studyInstanceUID: order.studyInstanceUID,
                priority: order.priority, reason: order.reason, step: step)
        }
    }
}
