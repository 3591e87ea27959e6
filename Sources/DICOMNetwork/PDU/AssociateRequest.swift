public struct AssociateRequest: Sendable, Equatable {
    public static let applicationContextName = "1.2.840.10008.3.1.1.1"

    public var protocolVersion: UInt16 = 1
    public var calledAETitle: String
    public var callingAETitle: String
    public var applicationContext: String = Self.applicationContextName
    public var presentationContexts: [PresentationContextProposal]
    public var userInformation: UserInformation

    public init(calledAETitle: String, callingAETitle: String, presentationContexts: [PresentationContextProposal], userInformation: UserInformation) {
        self.calledAETitle = calledAETitle
        self.callingAETitle = callingAETitle
        self.presentationContexts = presentationContexts
        self.userInformation = userInformation
    }
}
