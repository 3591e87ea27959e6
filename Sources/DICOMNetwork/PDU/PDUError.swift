/// Why a PDU was refused; every case leads to an A-ABORT, never to a crash.
public enum PDUError: Error, Equatable, Sendable, CustomStringConvertible {
    case unrecognizedType(UInt8)
    case tooLarge(length: UInt32, limit: Int)
    case malformed(String)

    public var description: String {
        switch self {
        case .unrecognizedType(let type): return "unrecognized PDU type 0x\(String(type, radix: 16))"
        case .tooLarge(let length, let limit): return "PDU of \(length) bytes exceeds the limit of \(limit)"
        case .malformed(let reason): return "malformed PDU: \(reason)"
        }
    }

    /// The A-ABORT reason to send for this error (PS3.8 Table 9-26).
    public var abortReason: UInt8 {
        switch self {
        case .unrecognizedType: Abort.unrecognizedPDU
        case .tooLarge: Abort.invalidPDUParameterValue
        case .malformed: Abort.invalidPDUParameterValue
        }
    }
}
