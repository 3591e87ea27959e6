import DICOM

/// Modality Performed Procedure Step SOP class (N-CREATE and N-SET SCP, PS3.4 Annex F).
/// Instances live in `store`; `onChange` sees every accepted create or update and records it: when
/// it throws, the change is undone and the SCU gets Processing Failure (0110), never Success for a
/// step that was not recorded.
public struct ProcedureStepService: DIMSEService {
    public static let sopClassUID = "1.2.840.10008.3.1.2.3.3"
    public static let performedProcedureStepStatus = Tag(0x0040, 0x0252)

    public let store: ProcedureStepStore
    private let onChange: @Sendable (_ sopInstanceUID: String, _ attributes: DataSet) async throws -> Void

    public init(store: ProcedureStepStore = ProcedureStepStore(),
                onChange: @escaping @Sendable (_ sopInstanceUID: String, _ attributes: DataSet) async throws -> Void = { _, _ in }) {
        self.store = store
        self.onChange = onChange
    }

    public func accepts(sopClassUID: String) -> Bool { sopClassUID == Self.sopClassUID }
    public var commands: Set<CommandField> { [.nCreateRequest, .nSetRequest] }

    public func handle(_ request: ServiceRequest, responder: ServiceResponder) async throws {
        let message = request.message
        guard let attributes = try request.dataSet() else {
            throw DIMSEServiceError(status: .missingAttribute, comment: "no attribute list")
        }
        switch message.commandField {
        case .nCreateRequest:
            let uid = message.affectedSOPInstanceUID ?? UIDGenerator.make()
            guard attributes.string(Self.performedProcedureStepStatus) == "IN PROGRESS" else {
                throw DIMSEServiceError(status: .invalidAttributeValue, comment: "N-CREATE status must be IN PROGRESS")
            }
            try await store.create(uid, attributes)
            try await record(uid, attributes, undoing: nil)
            responder.send(.response(to: message, status: .success, sopInstanceUID: uid))
        case .nSetRequest:
            guard let uid = message.requestedSOPInstanceUID else {
                throw DIMSEServiceError(status: .missingAttribute, comment: "N-SET without Requested SOP Instance UID")
            }
            let (updated, previous) = try await store.update(uid, attributes)
            try await record(uid, updated, undoing: previous)
            responder.send(.response(to: message, status: .success, sopInstanceUID: uid))
        default:
            throw DIMSEServiceError(status: .unrecognizedOperation)
        }
    }

    private func record(_ uid: String, _ attributes: DataSet, undoing previous: DataSet?) async throws {
        do {
            try await onChange(uid, attributes)
        } catch {
            await store.restore(uid, previous: previous)
            throw error as? DIMSEServiceError ?? DIMSEServiceError(status: .processingFailure, comment: "procedure step could not be recorded")
        }
    }
}
