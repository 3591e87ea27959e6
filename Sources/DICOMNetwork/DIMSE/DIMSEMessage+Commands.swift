import DICOM

/// Builders for the commands our SCUs send and our SCPs answer.
extension DIMSEMessage {
    public static func request(_ field: CommandField, contextID: UInt8, messageID: UInt16, sopClassUID: String,
                               sopInstanceUID: String? = nil, requested: Bool = false, dataSet: [UInt8]? = nil) -> DIMSEMessage {
        var command = DataSet()
        command.set(requested ? .requestedSOPClassUID : .affectedSOPClassUID, .UI, sopClassUID)
        command.set(.commandField, uint16: field.rawValue)
        command.set(.messageID, uint16: messageID)
        if field == .cStoreRequest || field == .cFindRequest || field == .cMoveRequest || field == .cGetRequest {
            command.set(.priority, uint16: 0)
        }
        if let sopInstanceUID {
            command.set(requested ? .requestedSOPInstanceUID : .affectedSOPInstanceUID, .UI, sopInstanceUID)
        }
        return DIMSEMessage(contextID: contextID, command: command, dataSet: dataSet)
    }

    /// The response to `request` with `status`; SOP class and instance are copied as PS3.7 asks.
    public static func response(to request: DIMSEMessage, status: DIMSEStatus, dataSet: [UInt8]? = nil,
                                sopInstanceUID: String? = nil, errorComment: String? = nil) -> DIMSEMessage {
        var command = DataSet()
        let field = request.commandField?.response ?? .cEchoResponse
        if let sopClass = request.affectedSOPClassUID ?? request.requestedSOPClassUID {
            command.set(.affectedSOPClassUID, .UI, sopClass)
        }
        command.set(.commandField, uint16: field.rawValue)
        command.set(.messageIDBeingRespondedTo, uint16: request.messageID ?? 0)
        command.set(.status, uint16: status.rawValue)
        if let instance = sopInstanceUID ?? request.affectedSOPInstanceUID ?? request.requestedSOPInstanceUID {
            command.set(.affectedSOPInstanceUID, .UI, instance)
        }
        if let errorComment { command.set(.errorComment, .LO, String(errorComment.prefix(64))) }
        return DIMSEMessage(contextID: request.contextID, command: command, dataSet: dataSet)
    }

    public static func cancel(contextID: UInt8, messageID: UInt16) -> DIMSEMessage {
        var command = DataSet()
        command.set(.commandField, uint16: CommandField.cCancelRequest.rawValue)
        command.set(.messageIDBeingRespondedTo, uint16: messageID)
        return DIMSEMessage(contextID: contextID, command: command)
    }
}
