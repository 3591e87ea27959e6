/// Where a problem is: ERR-2 (ERL) — segment, its occurrence, field, repetition, component,
/// subcomponent. Absent parts mean "the whole element".
public struct HL7ErrorLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var segment: String
    public var occurrence: Int
    public var field: Int?
    public var repetition: Int?
    public var component: Int?
    public var subcomponent: Int?

    public init(segment: String, occurrence: Int = 1, field: Int? = nil, repetition: Int? = nil,
                component: Int? = nil, subcomponent: Int? = nil) {
        self.segment = segment
        self.occurrence = occurrence
        self.field = field
        self.repetition = repetition
        self.component = component
        self.subcomponent = subcomponent
    }

    /// In path notation: `PID-3`, `OBR[2]-4.1`, or just the segment.
    public var description: String {
        var s = segment
        if occurrence != 1 { s += "[\(occurrence)]" }
        guard let field else { return s }
        s += "-\(field)"
        if let repetition, repetition != 1 { s += "[\(repetition)]" }
        if let component { s += ".\(component)" }
        if let subcomponent { s += ".\(subcomponent)" }
        return s
    }
}

/// One problem found in a message, in the terms an ERR segment carries.
public struct HL7Issue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// ERR-4, HL7 table 0516.
    public enum Severity: String, Sendable, Codable {
        case error = "E", warning = "W", information = "I"
    }

    public var code: HL7ErrorCode
    public var location: HL7ErrorLocation?
    public var severity: Severity
    public var text: String

    public init(_ code: HL7ErrorCode, at location: HL7ErrorLocation?, _ text: String, severity: Severity = .error) {
        self.code = code
        self.location = location
        self.severity = severity
        self.text = text
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        let level = severity == .error ? "" : (severity == .warning ? "warning: " : "info: ")
        return "\(place)\(level)\(text) (HL7 \(code.rawValue) \(code.text))"
    }
}
