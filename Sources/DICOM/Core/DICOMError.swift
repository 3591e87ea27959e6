/// Everything the codec refuses, with where it happened. Never a crash: bad input ends here.
public enum DICOMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Input ended before a header or a value was complete.
    case truncated(offset: Int)
    /// An element's length points past the end of its container.
    case lengthPastEnd(tag: Tag, offset: Int, length: UInt32)
    case invalidVR(tag: Tag, offset: Int)
    case undefinedLengthNotAllowed(tag: Tag, offset: Int)
    case unexpectedTag(Tag, offset: Int)
    case nestingTooDeep(limit: Int)
    case missingTransferSyntax
    case unsupportedTransferSyntax(String)
    case notPart10
    case inflateFailed(String)
    /// A deflated data set inflates beyond `DecodingOptions.maximumInflatedBytes`.
    case inflatedTooLarge(limit: Int)
    case invalidValue(tag: Tag, reason: String)

    public var description: String {
        switch self {
        case .truncated(let offset): return "data truncated at byte \(offset)"
        case .lengthPastEnd(let tag, let offset, let length):
            return "element \(tag) at byte \(offset) has length \(length) past the end of its container"
        case .invalidVR(let tag, let offset): return "element \(tag) at byte \(offset) has an invalid VR"
        case .undefinedLengthNotAllowed(let tag, let offset):
            return "element \(tag) at byte \(offset) has an undefined length its VR does not allow"
        case .unexpectedTag(let tag, let offset): return "unexpected \(tag) at byte \(offset)"
        case .nestingTooDeep(let limit): return "sequences nested deeper than \(limit) levels"
        case .missingTransferSyntax: return "file meta information has no Transfer Syntax UID"
        case .unsupportedTransferSyntax(let uid): return "unsupported transfer syntax \(uid)"
        case .notPart10: return "not a DICOM Part 10 file"
        case .inflateFailed(let reason): return "deflated data set could not be inflated: \(reason)"
        case .inflatedTooLarge(let limit): return "deflated data set inflates beyond the limit of \(limit) bytes"
        case .invalidValue(let tag, let reason): return "invalid value for \(tag): \(reason)"
        }
    }
}
