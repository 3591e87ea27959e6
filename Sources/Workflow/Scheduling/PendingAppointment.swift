import HL7

/// An SIU whose order this engine does not have yet, held until an order with one of its keys
/// (accession or placer number: SCH-27, SCH-26, SCH-2, SCH-1) is placed.
public struct PendingAppointment: Sendable {
    public var keys: [String]
    public var message: HL7Message
    /// When it came (`YYYYMMDDHHMMSS`).
    public var receivedAt: String
}
