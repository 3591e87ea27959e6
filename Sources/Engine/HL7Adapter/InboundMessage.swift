import HL7
import Workflow

/// An inbound message that parsed, with what validation found wrong in it.
struct InboundMessage: Sendable {
    let message: HL7Message
    /// Validation errors; any of them makes the message rejected (AE, or AR for a type/version problem).
    private(set) var errors: [HL7Issue]

    init(_ message: HL7Message) {
        self.message = message
        errors = HL7Validator.validate(message).filter { $0.severity == .error }
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

    /// The reply frame: the commit ACK in enhanced mode, the single ACK in original mode;
    /// nil when MSH-15 asks for none.
    func acknowledgement(_ outcome: HL7AckCode, issues: [HL7Issue]) -> [UInt8]? {
        HL7Acknowledgement.responses(to: message, outcome: outcome, issues: issues).first?.encoded()
    }
}
