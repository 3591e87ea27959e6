import DICOM

/// Query/Retrieve SCU (PS3.4 Annex C): C-MOVE asks the peer to store the matching instances to an
/// AE it knows (its own sub-associations), and reports how many sub-operations completed.
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
        guard let context = context(for: sopClassUID) else { throw DICOMNetworkError.noAcceptedContext(sopClassUID) }
        var request = DIMSEMessage.request(.cMoveRequest, contextID: context.id, messageID: nextMessageID(), sopClassUID: sopClassUID,
                                           dataSet: try identifier.encoded(transferSyntax: context.syntax))
        request.command.set(.moveDestination, .AE, destination)
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

extension Tag {
    public static let numberOfRemainingSuboperations = Tag(0x0000, 0x1020)
    public static let numberOfCompletedSuboperations = Tag(0x0000, 0x1021)
    public static let numberOfFailedSuboperations = Tag(0x0000, 0x1022)
    public static let numberOfWarningSuboperations = Tag(0x0000, 0x1023)
}
