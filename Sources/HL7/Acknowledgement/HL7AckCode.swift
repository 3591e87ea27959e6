/// MSA-1 acknowledgement codes (HL7 table 0008): original mode AA/AE/AR, enhanced-mode commit
/// acknowledgements CA/CE/CR.
public enum HL7AckCode: String, Sendable, CaseIterable, Codable {
    case AA, AE, AR, CA, CE, CR

    public var isPositive: Bool { self == .AA || self == .CA }

    /// The commit-level code for an application-level outcome (AA → CA, AE → CE, AR → CR).
    public var commitCode: HL7AckCode {
        switch self {
        case .AA, .CA: return .CA
        case .AE, .CE: return .CE
        case .AR, .CR: return .CR
        }
    }

    /// The outcome validation issues call for: AR for a message the receiver cannot handle at
    /// all (type, event, processing id, version), AE for other errors, AA otherwise.
    public static func outcome(for issues: [HL7Issue]) -> HL7AckCode {
        let errors = issues.filter { $0.severity == .error }
        if errors.contains(where: { $0.code.isRejection }) { return .AR }
        return errors.isEmpty ? .AA : .AE
    }
}

/// MSH-15/MSH-16 conditions (HL7 table 0155) for enhanced-mode acknowledgements.
public enum HL7AckCondition: String, Sendable, CaseIterable {
    /// Always, never, only on error or reject, only on success.
    case AL, NE, ER, SU

    func allows(success: Bool) -> Bool {
        switch self {
        case .AL: return true
        case .NE: return false
        case .ER: return !success
        case .SU: return success
        }
    }
}
