import HL7

/// What a log line may say about a problem: its kind, code and place, never the text. Validation
/// texts quote field values (a PID-7 birth date) and quarantine reasons name MRNs; the full text
/// stays in the journal entry and the ACK, which are access-controlled, not in the log.
extension HL7Issue {
    var logged: String {
        "HL7 \(code.rawValue)" + (location.map { " at \($0)" } ?? "") + (severity == .error ? "" : " (\(severity.rawValue))")
    }
}

extension HL7ParseError {
    var logged: String {
        switch self {
        case .empty: "empty input"
        case .noHeader: "no MSH segment"
        case .truncatedHeader: "truncated MSH segment"
        case .invalidDelimiters: "invalid delimiters"
        case .invalidPath: "invalid path"
        case .unencodable: "unencodable"
        case .tooLong: "message too long"
        }
    }
}
