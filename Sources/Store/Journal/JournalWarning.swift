/// A validation problem a message was accepted with (an ERR with severity W in its ACK).
/// Texts name the field and the rule, never a field's value.
public struct JournalWarning: Sendable, Codable, Equatable, Hashable {
    /// What the per-sender counts group by: the location without occurrences and the HL7 code,
    /// e.g. `PID-7 102 Data type error`.
    public var kind: String
    /// HL7 table 0357 code (ERR-3).
    public var code: Int
    /// Where, in path notation (`OBX[3]-11`); empty for the message as a whole.
    public var location: String
    public var text: String

    public init(kind: String, code: Int, location: String, text: String) {
        self.kind = kind
        self.code = code
        self.location = location
        self.text = text
    }
}
