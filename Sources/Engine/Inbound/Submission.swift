import Foundation
import HL7

/// Where an inbound message came from: the journal's peer text, who sent it, and when.
struct InboundSource: Sendable {
    /// As the journal shows it: the MLLP peer address, or `fhir <host>` for a FHIR create.
    var peer: String
    var principal: Principal
    var receivedAt: Date

    init(peer: String, principal: Principal, receivedAt: Date = Date()) {
        self.peer = peer
        self.principal = principal
        self.receivedAt = receivedAt
    }
}

/// What submitting one inbound message came to: the bytes to answer with (nil when the sender
/// asked for none), and, for adapters that do not speak HL7 back, the acknowledgement code, the
/// issues and the workflow's response (ORR, RSP) as parsed values.
struct Submission: Sendable {
    var reply: [UInt8]?
    var code: HL7AckCode
    var issues: [HL7Issue]
    var response: HL7Message?

    init(reply: [UInt8]?, code: HL7AckCode, issues: [HL7Issue], response: HL7Message? = nil) {
        self.reply = reply
        self.code = code
        self.issues = issues
        self.response = response
    }
}

extension InboundMessage {
    /// The acknowledgement owed under the message's acknowledgement mode, as a submission.
    func answer(_ code: HL7AckCode, issues: [HL7Issue]) -> Submission {
        Submission(reply: acknowledgement(code, issues: issues), code: code, issues: issues)
    }
}
