/// Typed access to the MSH fields every component of the engine needs.
public struct HL7Header: Sendable {
    let message: HL7Message

    private func read(_ field: Int, _ component: Int? = nil) -> String {
        message.value(at: .msh(field, repetition: component == nil ? nil : 1, component: component)) ?? ""
    }

    public var sendingApplication: String { read(3, 1) }
    public var sendingFacility: String { read(4, 1) }
    public var receivingApplication: String { read(5, 1) }
    public var receivingFacility: String { read(6, 1) }
    public var timestamp: String { read(7, 1) }
    /// MSH-9.1, e.g. `ORM`.
    public var messageCode: String { read(9, 1) }
    /// MSH-9.2, e.g. `O01`.
    public var triggerEvent: String { read(9, 2) }
    /// MSH-9.3, e.g. `ORM_O01` (2.3.1+).
    public var messageStructure: String { read(9, 3) }
    /// `ORM^O01` (code and trigger; the form routes match against).
    public var messageType: String {
        let trigger = triggerEvent
        return trigger.isEmpty ? messageCode : messageCode + "^" + trigger
    }
    public var controlID: String { read(10) }
    public var processingID: String { read(11, 1) }
    /// MSH-12.1, e.g. `2.5.1`.
    public var version: String { read(12, 1) }
    /// MSH-15 (AL, NE, ER, SU), empty in original acknowledgement mode.
    public var acceptAcknowledgementType: String { read(15) }
    /// MSH-16 (AL, NE, ER, SU), empty in original acknowledgement mode.
    public var applicationAcknowledgementType: String { read(16) }
}

extension HL7Message {
    public var header: HL7Header { HL7Header(message: self) }
}
