import DICOM

/// Holds Modality Performed Procedure Step instances between N-CREATE and N-SET.
public actor ProcedureStepStore {
    public private(set) var instances: [String: DataSet] = [:]

    public init() {}

    func create(_ uid: String, _ attributes: DataSet) throws {
        guard instances[uid] == nil else { throw DIMSEServiceError(status: .duplicateSOPInstance, comment: "instance exists") }
        instances[uid] = attributes
    }

    func update(_ uid: String, _ changes: DataSet) throws -> DataSet {
        guard var current = instances[uid] else { throw DIMSEServiceError(status: .noSuchSOPInstance, comment: "no such instance") }
        let status = current.string(ProcedureStepService.performedProcedureStepStatus) ?? ""
        guard status != "COMPLETED" && status != "DISCONTINUED" else {
            // PS3.4 §F.7.2.2: a completed or discontinued step may no longer be changed.
            throw DIMSEServiceError(status: .processingFailure, comment: "procedure step is \(status)")
        }
        for element in changes.elements { current[element.tag] = element }
        instances[uid] = current
        return current
    }

    public func instance(_ uid: String) -> DataSet? { instances[uid] }
}
