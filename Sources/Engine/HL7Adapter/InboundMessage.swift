/// What the engine needs to know about an inbound message that parsed.
struct InboundMessage: Sendable {
    var controlID: String
    var messageType: String
    var sendingApplication: String
    var sendingFacility: String
    /// PID-3.1 and its assigning authority (PID-3.4.1), when the message is about a patient.
    var patientKey: String?
    /// Issues that make the message an error (AE) or reject (AR) although it parsed.
    var rejection: InboundRejection?
    let acknowledger: Acknowledger
}

/// Why an inbound message is not accepted, with the HL7 table 0357 code a peer understands.
struct InboundRejection: Error, Sendable {
    enum Severity: Sendable { case error, reject }
    var code: Int
    var text: String
    var severity: Severity
}
