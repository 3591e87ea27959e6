public struct AssociateAccept: Sendable, Equatable {
    public var protocolVersion: UInt16 = 1
    /// Echoed from the request, as PS3.8 asks (receivers must not test them).
    public var calledAETitle: String
    public var callingAETitle: String
    public var applicationContext: String = AssociateRequest.applicationContextName
    public var presentationContexts: [PresentationContextResult]
    public var userInformation: UserInformation

    public init(calledAETitle: String, callingAETitle: String, presentationContexts: [PresentationContextResult], userInformation: UserInformation) {
        self.calledAETitle = calledAETitle
        self.callingAETitle = callingAETitle
        self.presentationContexts = presentationContexts
        self.userInformation = userInformation
    }
}
