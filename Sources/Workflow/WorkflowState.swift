/// The radiology domain state: patients and orders with the indexes the workflow looks them up by.
/// A value: the processor takes it and returns the next one, the store persists it.
public struct WorkflowState: Sendable {
    public internal(set) var patients = PatientIndex()
    public internal(set) var orders: [Int: Order] = [:]
    var byAccession: [String: Int] = [:]
    var byPlacer: [String: Int] = [:]
    var byStudyUID: [String: Int] = [:]
    /// Order IDs by the patient record they were filed under (before merges).
    var ordersByPatientRecord: [Int: Set<Int>] = [:]
    var nextOrderID = 1
    public internal(set) var reports: [Int: Report] = [:]
    var reportsByOrder: [Int: Int] = [:]
    var nextReportID = 1
    /// Messages held for an operator (reports that match no order or the wrong patient).
    public internal(set) var quarantine: [QuarantineEntry] = []
    /// Quarantined instances by quarantine entry ID, until an operator releases or rejects them.
    public internal(set) var heldInstances: [Int: HeldInstance] = [:]
    public internal(set) var criticalResults: [Int: CriticalResult] = [:]
    /// Received studies filed with their orders, by study instance UID.
    public internal(set) var studies: [String: StudyRecord] = [:]
    /// The study each filed SOP Instance UID is in: an SOP Instance UID is filed once, in one study.
    var studyOfFiledInstance: [String: String] = [:]
    /// The files quarantined instances are kept in.
    var heldInstancePaths: Set<String> = []
    /// Appointments (SIU) for orders not known yet, applied when the order is placed.
    public internal(set) var pendingAppointments: [PendingAppointment] = []
    /// Orders whose charge (DFT^P03) was posted.
    public internal(set) var chargesPosted: Set<Int> = []
    /// Procedure mappings added at run time (`WorkflowProcessor.addMapping`).
    public internal(set) var procedureMappings: [LocalProcedureMapping] = []
    /// Procedures no mapping resolves yet: the terminology review list.
    public internal(set) var unmappedProcedures: [UnmappedProcedure] = []
    /// Enterprise IDs linking the records of one person across identifier domains.
    public internal(set) var mpi = MasterPatientIndex()
    /// Keys the control IDs of emitted messages (``ControlIDKey``); nil until the log records one.
    public internal(set) var controlIDKey: ControlIDKey?

    public func report(of order: Order) -> Report? { reportsByOrder[order.id].flatMap { reports[$0] } }

    public init() {}

    public func order(accession: String) -> Order? { byAccession[accession].flatMap { orders[$0] } }
    public func order(studyInstanceUID: String) -> Order? { byStudyUID[studyInstanceUID].flatMap { orders[$0] } }
    public func order(placer: String, authority: String) -> Order? { byPlacer[Self.placerKey(placer, authority)].flatMap { orders[$0] } }

    /// The patient an order belongs to now (after merges).
    public func patient(of order: Order) -> Patient? { patients.resolve(patientID: order.patientID) }

    /// Orders of a patient, including those filed under records merged into it.
    public func orders(of patient: Patient) -> [Order] {
        orderIDs(ofPatient: patient.id).compactMap { orders[$0] }.sorted { $0.id < $1.id }
    }

    /// IDs of the orders filed under this record or under any record merged into it.
    func orderIDs(ofPatient id: Int) -> Set<Int> {
        var ids = Set<Int>()
        for record in patients.records(resolvingTo: id) { ids.formUnion(ordersByPatientRecord[record] ?? []) }
        return ids
    }

    mutating func insert(_ order: Order) {
        orders[order.id] = order
        byAccession[order.accessionNumber] = order.id
        byStudyUID[order.studyInstanceUID] = order.id
        ordersByPatientRecord[order.patientID, default: []].insert(order.id)
        if !order.placerNumber.isEmpty { byPlacer[Self.placerKey(order.placerNumber, order.placerAuthority)] = order.id }
    }

    static func placerKey(_ number: String, _ authority: String) -> String { number + "^" + authority }
}
