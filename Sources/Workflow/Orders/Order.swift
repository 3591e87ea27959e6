/// An imaging order (one requested procedure) and everything that links it to the DICOM side.
public struct Order: Sendable, Codable, Identifiable {
    public let id: Int
    public var patientID: Int
    /// ORC-2 / OBR-2: the placer's number and its namespace.
    public var placerNumber: String
    public var placerAuthority: String
    /// ORC-3 / OBR-3 filler number, which is the accession number: (0008,0050).
    public var accessionNumber: String
    /// OBR-4 → (0032,1060) description and (0032,1064) code sequence.
    public var procedure: CodedValue
    /// The standard code `procedure` resolves to (LOINC or RadLex Playbook); nil while unmapped.
    public var standardProcedure: CodedValue? = nil
    /// SNOMED CT laterality of the procedure: the standard entry's, or the side OBR-4's text names.
    public var laterality: CodedValue? = nil
    /// OBR-19 (IHE) → (0040,1001).
    public var requestedProcedureID: String
    /// ZDS-1, or generated once under the configured root; never changed afterwards. (0020,000D)
    public var studyInstanceUID: String
    public var referringPhysician: PersonName
    public var reason: String
    /// ORC-7.6 / TQ1-9 priority (S, A, R, …).
    public var priority: String
    public var state: OrderState
    public var steps: [ScheduledProcedureStep]
    public var history: [OrderTransition]
    /// Fields of the sender's interface profile (ZSI station and route, ZPH PACS route and prior, …).
    public var vendorAttributes: [DomainAttribute: String] = [:]

    /// Applies a transition from the table, recording it; an illegal one changes nothing.
    mutating func apply(_ event: OrderEvent, cause: TransitionCause, at time: String) throws(OrderStateMachine.IllegalTransition) {
        let next = try OrderStateMachine.next(from: state, on: event)
        history.append(OrderTransition(from: state, to: next, event: event, cause: cause, at: time))
        state = next
    }
}
