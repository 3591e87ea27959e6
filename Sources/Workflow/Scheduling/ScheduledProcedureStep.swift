/// A scheduled procedure step: (0040,0100) Scheduled Procedure Step Sequence item of a worklist entry.
public struct ScheduledProcedureStep: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable {
        case scheduled = "SCHEDULED", started = "STARTED", completed = "COMPLETED", discontinued = "DISCONTINUED"
    }

    /// (0040,0009), OBR-20 in IHE SWF, or generated.
    public var id: String
    /// (0040,0007)
    public var description: String
    /// (0008,0060), OBR-24.
    public var modality: String
    /// (0040,0001), from SIU resources, vendor profiles or configuration.
    public var stationAETitle: String
    /// (0040,0010)
    public var stationName: String
    /// Room or location (AIL-3), (0040,0011) Scheduled Procedure Step Location.
    public var location: String
    /// (0040,0002) DA and (0040,0003) TM, from `YYYYMMDDHHMM[SS]`.
    public var startDateTime: String
    /// (0040,0006)
    public var performingPhysician: PersonName
    public var status: Status

    public var startDate: String { String(startDateTime.prefix(8)) }
    public var startTime: String { String(startDateTime.dropFirst(8).prefix(6)) }
}
