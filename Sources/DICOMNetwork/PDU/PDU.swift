/// An Upper Layer protocol data unit (PS3.8 §9.3).
public enum PDU: Sendable, Equatable {
    case associateRequest(AssociateRequest)
    case associateAccept(AssociateAccept)
    case associateReject(AssociateReject)
    case dataTransfer([PresentationDataValue])
    case releaseRequest
    case releaseResponse
    case abort(Abort)

    public enum Kind: UInt8, Sendable {
        case associateRequest = 0x01, associateAccept, associateReject, dataTransfer, releaseRequest, releaseResponse, abort
    }

    public var kind: Kind {
        switch self {
        case .associateRequest: .associateRequest
        case .associateAccept: .associateAccept
        case .associateReject: .associateReject
        case .dataTransfer: .dataTransfer
        case .releaseRequest: .releaseRequest
        case .releaseResponse: .releaseResponse
        case .abort: .abort
        }
    }
}
