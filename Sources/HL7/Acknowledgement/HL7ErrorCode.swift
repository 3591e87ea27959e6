/// HL7 table 0357, message error condition codes, as carried in ERR-3 (ERR-1.4 before v2.5).
public enum HL7ErrorCode: Int, Sendable, CaseIterable, Codable {
    case messageAccepted = 0
    case segmentSequenceError = 100
    case requiredFieldMissing = 101
    case dataTypeError = 102
    case tableValueNotFound = 103
    case valueTooLong = 104
    case unsupportedMessageType = 200
    case unsupportedEventCode = 201
    case unsupportedProcessingID = 202
    case unsupportedVersionID = 203
    case unknownKeyIdentifier = 204
    case duplicateKeyIdentifier = 205
    case applicationRecordLocked = 206
    case applicationInternalError = 207

    public var text: String {
        switch self {
        case .messageAccepted: return "Message accepted"
        case .segmentSequenceError: return "Segment sequence error"
        case .requiredFieldMissing: return "Required field missing"
        case .dataTypeError: return "Data type error"
        case .tableValueNotFound: return "Table value not found"
        case .valueTooLong: return "Value too long"
        case .unsupportedMessageType: return "Unsupported message type"
        case .unsupportedEventCode: return "Unsupported event code"
        case .unsupportedProcessingID: return "Unsupported processing id"
        case .unsupportedVersionID: return "Unsupported version id"
        case .unknownKeyIdentifier: return "Unknown key identifier"
        case .duplicateKeyIdentifier: return "Duplicate key identifier"
        case .applicationRecordLocked: return "Application record locked"
        case .applicationInternalError: return "Application internal error"
        }
    }

    /// Errors about the message as a whole (type, event, processing id, version) make an
    /// application reject (AR); the others are application errors (AE).
    public var isRejection: Bool {
        switch self {
        case .unsupportedMessageType, .unsupportedEventCode, .unsupportedProcessingID, .unsupportedVersionID: return true
        default: return false
        }
    }
}
