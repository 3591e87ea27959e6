import HL7
import Store
import Workflow

/// An inbound message that parsed, with what validation found wrong in it.
struct InboundMessage: Sendable {
    let message: HL7Message
    /// Validation errors; any of them makes the message rejected (AE, or AR for a type/version problem).
    private(set) var errors: [HL7Issue]
    /// Problems the message is accepted with (lenient validation): ERR segments with severity W.
    private(set) var warnings: [HL7Issue]
    /// How the workflow takes it (nil: it does not), looked up once.
    let workflowKind: WorkflowMessageKind?

    init(_ message: HL7Message, policy: HL7ValidationPolicy = .strict) {
        self.message = message
        workflowKind = WorkflowMessages.kind(of: message.header)
        let result = HL7Validator.validate(message, policy: policy)
        errors = result.errors
        warnings = result.warnings
    }

    /// The message with what its sender's interface profile found: errors reject it, warnings
    /// are returned for the log.
    func checked(against profile: InterfaceProfile?) -> (message: InboundMessage, warnings: [HL7Issue]) {
        guard let profile else { return (self, []) }
        let issues = ProfileValidator(profile: profile).check(message)
        var checked = self
        checked.errors += issues.filter { $0.severity == .error }
        return (checked, issues.filter { $0.severity != .error })
    }

    var controlID: String { message.header.controlID }
    var messageType: String { message.header.messageType }
    var sendingApplication: String { message.header.sendingApplication }
    var sendingFacility: String { message.header.sendingFacility }

    /// PID-3.1 qualified by its assigning authority (PID-3.4.1), when the message is about a patient.
    var patientKey: String? {
        guard let id = message["PID-3.1"], !id.isEmpty else { return nil }
        let authority = message["PID-3.4.1"] ?? ""
        return authority.isEmpty ? id : id + "^" + authority
    }

    var outcome: HL7AckCode { HL7AckCode.outcome(for: errors) }

    var errorText: String? {
        errors.isEmpty ? nil : errors.map(\.description).joined(separator: "; ")
    }

    /// The warnings as the journal keeps them.
    var journalWarnings: [JournalWarning] { warnings.map(JournalWarning.init) }

    /// The reply frame: the commit ACK in enhanced mode, the single ACK in original mode;
    /// nil when MSH-15 asks for none.
    func acknowledgement(_ outcome: HL7AckCode, issues: [HL7Issue]) -> [UInt8]? {
        HL7Acknowledgement.responses(to: message, outcome: outcome, issues: issues).first?.encoded()
    }
}

extension JournalWarning {
    init(_ issue: HL7Issue) {
        let place = issue.location.map { location in
            // A line without a segment name counts as one kind, whatever its first bytes.
            let segment = Self.isSegmentName(location.segment) ? location.segment : "(no segment name)"
            return location.field.map { "\(segment)-\($0)" } ?? segment
        }
        self.init(kind: [place, String(issue.code.rawValue), issue.code.text].compactMap { $0 }.joined(separator: " "),
                  code: issue.code.rawValue, location: issue.location?.description ?? "", text: issue.text)
    }

    private static func isSegmentName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return bytes.count == 3 && (0x41...0x5A).contains(bytes[0])
            && bytes.dropFirst().allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) }
    }
}
