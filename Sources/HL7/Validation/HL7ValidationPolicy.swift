/// How strictly a receiver holds a sender to the message structures and field rules.
public enum HL7ValidationPolicy: String, Sendable, CaseIterable, Codable {
    /// Every validation error refuses the message (AE/AR).
    case strict
    /// Only a message that cannot be processed is refused; other problems are warnings.
    case lenient
    /// No structure or field validation; only a message that cannot be processed is refused.
    case off
}

/// What validation under a policy decided: errors refuse the message, warnings go with its acceptance.
public struct HL7ValidationResult: Sendable, Equatable {
    public var errors: [HL7Issue]
    public var warnings: [HL7Issue]

    public init(errors: [HL7Issue] = [], warnings: [HL7Issue] = []) {
        self.errors = errors
        self.warnings = warnings
    }
}

extension HL7Validator {
    /// Validation as `policy` asks: `strict` keeps today's errors (warnings dropped, as before),
    /// `lenient` keeps only the errors that stop processing and turns the others into warnings,
    /// `off` checks the header only for what stops processing.
    public static func validate(_ message: HL7Message, policy: HL7ValidationPolicy) -> HL7ValidationResult {
        switch policy {
        case .strict:
            return HL7ValidationResult(errors: validate(message).filter { $0.severity == .error })
        case .lenient:
            var result = HL7ValidationResult()
            for issue in validate(message) {
                if issue.severity == .error, issue.stopsProcessing {
                    result.errors.append(issue)
                } else {
                    var warning = issue
                    warning.severity = .warning
                    if issue.code == .unsupportedProcessingID { warning.text += "; processed as production (P)" }
                    result.warnings.append(warning)
                }
            }
            // MSH-9 valued without a message code (`^A01`) passes the required-field rule.
            if message.header.messageCode.isEmpty, !result.errors.contains(where: { $0.location?.field == 9 }) {
                result.errors.append(messageTypeMissing)
            }
            return result
        case .off:
            return HL7ValidationResult(errors: processingRefusals(message))
        }
    }

    /// The header problems that leave a message unprocessable: MSH-9 or MSH-10 empty, a version
    /// this receiver does not support.
    static func processingRefusals(_ m: HL7Message) -> [HL7Issue] {
        var issues = headerIssues(m).filter { $0.severity == .error && $0.stopsProcessing }
        if m.header.messageCode.isEmpty { issues.append(messageTypeMissing) }
        if m.header.controlID.isEmpty {
            issues.append(HL7Issue(.requiredFieldMissing, at: HL7ErrorLocation(segment: "MSH", field: 10), "MSH-10 is required"))
        }
        return issues
    }
}

private let messageTypeMissing = HL7Issue(.requiredFieldMissing, at: HL7ErrorLocation(segment: "MSH", field: 9),
                                          "MSH-9 is required")

extension HL7Issue {
    /// A problem no policy can accept: the receiver cannot tell what the message is (MSH-9), cannot
    /// acknowledge it (MSH-10), or does not handle its version. A processing ID outside table 0103
    /// (`1`, `0`: seen from real RIS) does not stop it: P, D and T are all processed alike, and
    /// `strict` still refuses it.
    public var stopsProcessing: Bool {
        switch code {
        case .unsupportedVersionID:
            return true
        case .requiredFieldMissing:
            guard let location, location.segment == "MSH", location.occurrence == 1 else { return false }
            return (location.field == 9 && location.component == nil) || location.field == 10
        default:
            return false
        }
    }
}
