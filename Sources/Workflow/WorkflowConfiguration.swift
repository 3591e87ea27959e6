/// The `workflow:` section of the configuration.
public struct WorkflowConfiguration: Sendable {
    /// Root for the Study Instance UIDs RadBridge generates (`workflow.uidRoot`).
    public var uidRoot: String
    /// Assign an accession number when OBR-3 is empty, instead of refusing the order.
    public var assignAccessionNumbers: Bool
    public var accessionPrefix: String
    /// MSH-3/MSH-4 of the messages RadBridge sends.
    public var application: String
    public var facility: String
    /// Scheduled station AE title per location or resource ID (AIL-3.1, AIG-3.1); unmapped IDs that
    /// are valid AE titles are used as they are.
    public var stationAETitles: [String: String]
    /// OBX-3 identifiers of report sections beyond the LOINC ones.
    public var reportSections: [String: ReportSectionKind] = [:]
    /// OBX-8 flags that make a report critical.
    public var criticalFlags: Set<String> = ["AA", "HH", "LL"]
    /// OBX-3 codes of a yes/no critical-finding flag (`CRITFLAG^Critical result^L` = `Y`).
    public var criticalFlagCodes: Set<String> = ["CRITFLAG"]
    /// Finding codes (OBX-5 of CWE observations, e.g. SNOMED CT) that are critical in themselves.
    public var criticalFindingCodes: Set<String> = []
    /// Seconds before an unacknowledged critical result escalates (`workflow.critical.acknowledgeWithin`).
    public var criticalAcknowledgeWithin: Int64 = 15 * 60
    /// Per order priority (ORC-7.6 / TQ1-9: S, A, R, …), overriding `criticalAcknowledgeWithin`
    /// (`workflow.critical.acknowledgeWithinByPriority`).
    public var criticalAcknowledgeWithinByPriority: [String: Int64] = [:]
    /// Who is notified, in escalation order (`workflow.critical.chain`).
    public var criticalChain: [String] = ["ORDERING", "RADIOLOGY-ATTENDING", "CHIEF-OF-SERVICE"]
    /// Standard procedure codes and the site's configured mappings (`workflow.terminology`).
    public var terminology: ProcedureTerminology = .standard
    /// Vendor interface profiles and which inbound senders use them (`profiles:`).
    public var profiles = ProfileCatalog()

    public init(uidRoot: String = "1.2.826.0.1.3680043.10.999", assignAccessionNumbers: Bool = true,
                accessionPrefix: String = "RB", application: String = "RADBRIDGE", facility: String = "RAD",
                stationAETitles: [String: String] = [:]) {
        self.uidRoot = uidRoot
        self.assignAccessionNumbers = assignAccessionNumbers
        self.accessionPrefix = accessionPrefix
        self.application = application
        self.facility = facility
        self.stationAETitles = stationAETitles
    }
}

extension WorkflowConfiguration {
    /// Seconds a critical result of an order with this priority may wait for its acknowledgement.
    public func criticalAcknowledgeWithin(priority: String) -> Int64 {
        criticalAcknowledgeWithinByPriority[priority] ?? criticalAcknowledgeWithin
    }
}
