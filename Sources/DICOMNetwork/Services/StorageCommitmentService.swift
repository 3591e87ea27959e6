import DICOM

/// Storage Commitment Push Model (PS3.4 Annex J), the SCU's side: the SCU asks with N-ACTION
/// (`actionRequest`), the SCP answers later with an N-EVENT-REPORT that this service receives
/// (the SCP usually opens a new association for it) and hands to `onReport`.
public struct StorageCommitmentService: DIMSEService {
    public static let sopClassUID = "1.2.840.10008.1.20.1"
    /// The well-known SOP instance every request addresses.
    public static let sopInstanceUID = "1.2.840.10008.1.20.1.1"
    public static let transactionUID = Tag(0x0008, 0x1195)
    public static let referencedSOPSequence = Tag(0x0008, 0x1199)
    public static let failedSOPSequence = Tag(0x0008, 0x1198)
    public static let referencedSOPClassUID = Tag(0x0008, 0x1150)
    public static let referencedSOPInstanceUID = Tag(0x0008, 0x1155)
    static let actionTypeID = Tag(0x0000, 0x1008)
    static let eventTypeID = Tag(0x0000, 0x1002)

    /// What the SCP committed (event type 1) or could not (event type 2: some failed).
    public struct Report: Sendable, Equatable {
        public let callingAETitle: String
        public let transactionUID: String
        public let committed: [String]
        public let failed: [String]
    }

    private let onReport: @Sendable (Report) async -> Void

    public init(onReport: @escaping @Sendable (Report) async -> Void) { self.onReport = onReport }

    public func accepts(sopClassUID: String) -> Bool { sopClassUID == Self.sopClassUID }
    public var commands: Set<CommandField> { [.nEventReportRequest] }

    public func handle(_ request: ServiceRequest, responder: ServiceResponder) async throws {
        guard let report = try request.dataSet(), let transaction = report.string(Self.transactionUID) else {
            throw DIMSEServiceError(status: .missingAttribute, comment: "N-EVENT-REPORT without Transaction UID")
        }
        let uids = { (tag: Tag) in report.items(tag).compactMap { $0.string(Self.referencedSOPInstanceUID) } }
        await onReport(Report(callingAETitle: request.association.callingAETitle, transactionUID: transaction,
                              committed: uids(Self.referencedSOPSequence), failed: uids(Self.failedSOPSequence)))
        var response = DIMSEMessage.response(to: request.message, status: .success)
        if let type = request.message.command.uint16(Self.eventTypeID) { response.command.set(Self.eventTypeID, uint16: type) }
        responder.send(response)
    }

    /// The N-ACTION-RQ asking the SCP to commit `instances` (SOP class, SOP instance UID pairs).
    public static func actionRequest(contextID: UInt8, messageID: UInt16, transactionUID: String,
                                     instances: [(sopClassUID: String, sopInstanceUID: String)],
                                     transferSyntax: TransferSyntax) throws -> DIMSEMessage {
        var dataSet = DataSet()
        dataSet.set(Self.transactionUID, .UI, transactionUID)
        dataSet.set(referencedSOPSequence, items: instances.map { instance in
            var item = DataSet()
            item.set(referencedSOPClassUID, .UI, instance.sopClassUID)
            item.set(referencedSOPInstanceUID, .UI, instance.sopInstanceUID)
            return item
        })
        var message = DIMSEMessage.request(.nActionRequest, contextID: contextID, messageID: messageID, sopClassUID: sopClassUID,
                                           sopInstanceUID: sopInstanceUID, requested: true,
                                           dataSet: try dataSet.encoded(transferSyntax: transferSyntax))
        message.command.set(actionTypeID, uint16: 1)
        return message
    }
}
