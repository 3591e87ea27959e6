/// A-ABORT (PS3.8 §9.3.8).
public struct Abort: Sendable, Equatable, Error {
    public enum Source: UInt8, Sendable { case serviceUser = 0, reserved = 1, serviceProvider = 2 }

    public var source: Source
    /// Meaningful for a service-provider abort only.
    public var reason: UInt8

    public init(source: Source, reason: UInt8) {
        self.source = source
        self.reason = reason
    }

    public static let reasonNotSpecified: UInt8 = 0
    public static let unrecognizedPDU: UInt8 = 1
    public static let unexpectedPDU: UInt8 = 2
    public static let unrecognizedPDUParameter: UInt8 = 4
    public static let unexpectedPDUParameter: UInt8 = 5
    public static let invalidPDUParameterValue: UInt8 = 6
}
