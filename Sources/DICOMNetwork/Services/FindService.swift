import DICOM

/// C-FIND SCP: the `query` closure returns candidates for an identifier; each match goes back as a
/// pending response, C-CANCEL stops the stream with status Cancel (PS3.4 §C.4.1).
public struct FindService: DIMSEService {
    public static let modalityWorklist = "1.2.840.10008.5.1.4.31"
    public static let patientRoot = "1.2.840.10008.5.1.4.1.2.1.1"
    public static let studyRoot = "1.2.840.10008.5.1.4.1.2.2.1"

    private let sopClassUIDs: Set<String>
    private let query: @Sendable (DataSet, AssociationInfo) async throws -> [DataSet]

    public init(sopClassUIDs: Set<String>, query: @escaping @Sendable (_ identifier: DataSet, _ association: AssociationInfo) async throws -> [DataSet]) {
        self.sopClassUIDs = sopClassUIDs
        self.query = query
    }

    /// A C-FIND SCP over a fixed list of data sets, matched with `AttributeMatcher`.
    public static func matching(_ candidates: [DataSet], sopClassUIDs: Set<String> = [modalityWorklist]) -> FindService {
        let matcher = AttributeMatcher()
        return FindService(sopClassUIDs: sopClassUIDs) { identifier, _ in
            candidates.filter { matcher.matches(identifier, $0) }.map { matcher.response(identifier, $0) }
        }
    }

    public func accepts(sopClassUID: String) -> Bool { sopClassUIDs.contains(sopClassUID) }
    public var commands: Set<CommandField> { [.cFindRequest] }

    public func handle(_ request: ServiceRequest, responder: ServiceResponder) async throws {
        guard let identifier = try request.dataSet() else {
            throw DIMSEServiceError(status: .identifierDoesNotMatchSOPClass, comment: "C-FIND without identifier")
        }
        let matches = try await query(identifier, request.association)
        for match in matches {
            if responder.isCancelled {
                responder.send(.response(to: request.message, status: .cancel))
                return
            }
            let bytes: [UInt8]
            do { bytes = try match.encoded(transferSyntax: request.context.syntax) } catch {
                throw DIMSEServiceError(status: .unableToProcess, comment: "match could not be encoded")
            }
            responder.send(.response(to: request.message, status: .pending, dataSet: bytes))
            await Task.yield()
        }
        responder.send(.response(to: request.message, status: responder.isCancelled ? .cancel : .success))
    }
}
