/// A-ASSOCIATE-RJ (PS3.8 §9.3.4): result, source and reason codes.
public struct AssociateReject: Sendable, Equatable, Error {
    public enum Result: UInt8, Sendable { case permanent = 1, transient = 2 }
    public enum Source: UInt8, Sendable { case serviceUser = 1, serviceProviderACSE = 2, serviceProviderPresentation = 3 }

    public var result: Result
    public var source: Source
    public var reason: UInt8

    public init(result: Result, source: Source, reason: UInt8) {
        self.result = result
        self.source = source
        self.reason = reason
    }

    // Reasons for source = service user.
    public static let noReasonGiven: UInt8 = 1
    public static let applicationContextNotSupported: UInt8 = 2
    public static let callingAETitleNotRecognized: UInt8 = 3
    public static let calledAETitleNotRecognized: UInt8 = 7
    // Reasons for source = service provider (ACSE).
    public static let protocolVersionNotSupported: UInt8 = 2
    // Reasons for source = service provider (presentation).
    public static let temporaryCongestion: UInt8 = 1
    public static let localLimitExceeded: UInt8 = 2
}
