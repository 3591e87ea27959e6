/// `Appointment`: a scheduled procedure step (the slot on a modality).
public struct Appointment: Codable, Sendable {
    public var resourceType = "Appointment"
    public var id: String?
    public var identifier: [Identifier]?
    public var status: String
    public var serviceType: [CodeableConcept]?
    public var description: String?
    public var start: String?
    public var end: String?
    public var basedOn: [Reference]?
    public var participant: [Participant]

    public struct Participant: Codable, Sendable {
        public var type: [CodeableConcept]?
        public var actor: Reference?
        public var status: String
    }

    public init(id: String, status: String, participant: [Participant]) {
        self.id = id
        self.status = status
        self.participant = participant
    }
}
