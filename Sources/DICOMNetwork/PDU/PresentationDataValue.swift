/// One PDV item of a P-DATA-TF PDU: a fragment of a command or a data set.
public struct PresentationDataValue: Sendable, Equatable {
    public var contextID: UInt8
    public var isCommand: Bool
    public var isLast: Bool
    public var bytes: [UInt8]

    public init(contextID: UInt8, isCommand: Bool, isLast: Bool, bytes: [UInt8]) {
        self.contextID = contextID
        self.isCommand = isCommand
        self.isLast = isLast
        self.bytes = bytes
    }

    /// Bytes a PDV adds on the wire besides its data: item length (4), context ID, control header.
    public static let overhead = 6
}
