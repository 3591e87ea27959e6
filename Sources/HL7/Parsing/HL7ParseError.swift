/// Why bytes could not be read as an HL7 v2 message at all. Problems inside a readable message
/// (missing fields, wrong segment order) are `HL7Issue`s from validation instead.
public enum HL7ParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case noHeader(String)
    case truncatedHeader(String)
    case invalidDelimiters(String)
    case invalidPath(String)
    case unencodable(String)
    /// The message is longer than ``HL7Message/maximumLength`` bytes (its index holds 32-bit offsets).
    case tooLong(limit: Int)

    public var description: String {
        switch self {
        case .empty: return "no HL7 message: the input is empty"
        case .noHeader(let why): return "no MSH segment: \(why)"
        case .truncatedHeader(let why): return "truncated MSH segment: \(why)"
        case .invalidDelimiters(let why): return "invalid delimiters: \(why)"
        case .invalidPath(let why): return "invalid field path: \(why)"
        case .unencodable(let why): return "cannot encode value: \(why)"
        case .tooLong(let limit): return "message longer than \(limit) bytes"
        }
    }

    /// The HL7 table 0357 code a NAK for this error carries.
    public var errorCode: HL7ErrorCode {
        switch self {
        case .empty, .noHeader, .truncatedHeader: return .segmentSequenceError
        case .tooLong: return .valueTooLong
        case .invalidDelimiters, .invalidPath, .unencodable: return .dataTypeError
        }
    }
}
