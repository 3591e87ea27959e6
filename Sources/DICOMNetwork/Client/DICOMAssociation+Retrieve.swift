import DICOM
import NIOCore
import NIOSSL
import Synchronization

/// Query/Retrieve SCU (PS3.4 Annex C): C-MOVE asks the peer to store the matching instances to an
/// AE it knows (its own sub-associations); C-GET has them stored back on this association, for which
/// it is opened with the storage SOP classes in the SCP role. Both report the sub-operation counts.
extension DICOMAssociation {
    /// Study Root Query/Retrieve Information Model SOP classes.
    public enum StudyRoot {
        public static let find = FindService.studyRoot
        public static let move = "1.2.840.10008.5.1.4.1.2.2.2"
        public static let get = "1.2.840.10008.5.1.4.1.2.2.3"
    }

    /// C-MOVE of `identifier` (Query/Retrieve Level and the unique key) to `destination`.
    /// Throws on a network failure; the peer's own failure comes back as `RetrieveResult.status`.
    public func move(_ identifier: DataSet, sopClassUID: String = StudyRoot.move, destination: String) async throws -> RetrieveResult {
        try await retrieve(.cMoveRequest, identifier, sopClassUID: sopClassUID, destination: destination)
    }

    /// C-GET of `identifier` on an association from `openForGet`: the instances arrive at its `store`.
    public func get(_ identifier: DataSet, sopClassUID: String = StudyRoot.get) async throws -> RetrieveResult {
        try await retrieve(.cGetRequest, identifier, sopClassUID: sopClassUID, destination: nil)
    }

    /// Opens an association for C-GET: the Study Root GET context plus one context per storage SOP class
    /// (native little endian syntaxes) with the SCP role. Each instance the peer sends goes to `store`;
    /// an error it throws (a `DIMSEServiceError` keeps its status) becomes the C-STORE failure status.
    public static func openForGet(
        host: String, port: Int, callingAETitle: String, calledAETitle: String,
        storageSOPClasses: [String] = StorageSOPClasses.common, timeout: TimeAmount = .seconds(30), tls: NIOSSLContext? = nil,
        store: @escaping @Sendable (StoredInstance) async throws -> Void
    ) async throws -> DICOMAssociation {
        let native = [TransferSyntax.explicitVRLittleEndian.uid, TransferSyntax.implicitVRLittleEndian.uid]
        let proposals = Self.proposals([(StudyRoot.get, native)] + storageSOPClasses.prefix(127).map { ($0, native) })
        // Filled once the peer accepted; its C-STORE requests only come after our C-GET.
        let accepted = Mutex<[UInt8: NegotiatedContext]>([:])
        let association = try await open(
            host: host, port: port, callingAETitle: callingAETitle, calledAETitle: calledAETitle, proposals: proposals,
            timeout: timeout, tls: tls,
            roleSelections: storageSOPClasses.prefix(127).map { RoleSelection(sopClassUID: $0, scuRole: false, scpRole: true) },
            answer: { request in
                guard request.commandField == .cStoreRequest, let data = request.dataSet, let sopClass = request.affectedSOPClassUID,
                      let instance = request.affectedSOPInstanceUID,
                      let context = accepted.withLock({ $0[request.contextID] }), context.abstractSyntax == sopClass else {
                    return .response(to: request, status: .cannotUnderstand)
                }
                do {
                    try await store(StoredInstance(sopClassUID: sopClass, sopInstanceUID: instance, transferSyntax: context.transferSyntax,
                                                   callingAETitle: calledAETitle, dataSet: data))
                    return .response(to: request, status: .success)
                } catch let error as DIMSEServiceError {
                    return .response(to: request, status: error.status, errorComment: error.comment)
                } catch {
                    return .response(to: request, status: .outOfResources, errorComment: "\(error)")
                }
            })
        accepted.withLock { $0 = association.contexts }
        return association
    }

    private func retrieve(_ field: CommandField, _ identifier: DataSet, sopClassUID: String, destination: String?) async throws -> RetrieveResult {
        guard let context = context(for: sopClassUID) else { throw DICOMNetworkError.noAcceptedContext(sopClassUID) }
        var request = DIMSEMessage.request(field, contextID: context.id, messageID: nextMessageID(), sopClassUID: sopClassUID,
                                           dataSet: try identifier.encoded(transferSyntax: context.syntax))
        if let destination { request.command.set(.moveDestination, .AE, destination) }
        let responses = try await send(request)
        guard let final = responses.last, let status = final.status else { return RetrieveResult(status: .processingFailure) }
        // The final response's counts, or the last pending one's when the peer leaves them out.
        func count(_ tag: Tag) -> Int? {
            responses.reversed().lazy.compactMap { $0.command.uint16(tag) }.first.map(Int.init)
        }
        return RetrieveResult(status: status, completed: count(.numberOfCompletedSuboperations) ?? 0,
                              failed: count(.numberOfFailedSuboperations) ?? 0, warning: count(.numberOfWarningSuboperations) ?? 0,
                              errorComment: final.command.string(.errorComment))
    }
}

/// The outcome of a C-MOVE (or C-GET): the final status and the sub-operation counts.
public struct RetrieveResult: Sendable, Equatable {
    public var status: DIMSEStatus
    public var completed = 0
    public var failed = 0
    public var warning = 0
    public var errorComment: String?

    public init(status: DIMSEStatus, completed: Int = 0, failed: Int = 0, warning: Int = 0, errorComment: String? = nil) {
        self.status = status
        self.completed = completed
        self.failed = failed
        self.warning = warning
        self.errorComment = errorComment
    }
}
