/// What a service needs to know about the association a request arrived on.
public struct AssociationInfo: Sendable {
    public let callingAETitle: String
    public let calledAETitle: String
    public let peerMaximumPDULength: UInt32
    public let contexts: [UInt8: NegotiatedContext]
    public let remoteAddress: String?
}
