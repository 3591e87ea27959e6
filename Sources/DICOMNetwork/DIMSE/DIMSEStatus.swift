/// DIMSE status codes (PS3.7 Annex C) that our services send or understand.
public struct DIMSEStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let success = DIMSEStatus(rawValue: 0x0000)
    public static let pending = DIMSEStatus(rawValue: 0xFF00)
    public static let pendingWithWarnings = DIMSEStatus(rawValue: 0xFF01)
    public static let cancel = DIMSEStatus(rawValue: 0xFE00)
    public static let sopClassNotSupported = DIMSEStatus(rawValue: 0x0122)
    public static let unrecognizedOperation = DIMSEStatus(rawValue: 0x0211)
    public static let processingFailure = DIMSEStatus(rawValue: 0x0110)
    public static let duplicateSOPInstance = DIMSEStatus(rawValue: 0x0111)
    public static let noSuchSOPInstance = DIMSEStatus(rawValue: 0x0112)
    public static let invalidAttributeValue = DIMSEStatus(rawValue: 0x0106)
    public static let missingAttribute = DIMSEStatus(rawValue: 0x0120)
    public static let outOfResources = DIMSEStatus(rawValue: 0xA700)
    public static let dataSetDoesNotMatchSOPClass = DIMSEStatus(rawValue: 0xA900)
    public static let cannotUnderstand = DIMSEStatus(rawValue: 0xC000)
    public static let identifierDoesNotMatchSOPClass = DIMSEStatus(rawValue: 0xA900)
    public static let unableToProcess = DIMSEStatus(rawValue: 0xC001)

    public var isPending: Bool { rawValue == 0xFF00 || rawValue == 0xFF01 }
    public var isSuccess: Bool { rawValue == 0 }
    public var isWarning: Bool { rawValue == 0x0001 || (rawValue & 0xF000) == 0xB000 || rawValue == 0x0107 || rawValue == 0x0116 }
    public var isFailure: Bool { !isSuccess && !isPending && !isWarning && rawValue != 0xFE00 }

    public var description: String { "0x" + String(rawValue, radix: 16, uppercase: true) }
}
