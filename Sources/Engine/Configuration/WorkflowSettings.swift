import Foundation
import Workflow

/// The `workflow:` section of the configuration file.
///
///     workflow:
///       uidRoot: "1.2.826.0.1.3680043.10.999"
///       statusTo: [ris]          # order status updates (MPPS, state changes)
///       reportsTo: [ehr]         # reports (ORU^R01)
///       criticalTo: [pager]      # critical-result notifications
///       chargesTo: [billing]     # DFT^P03
///       pixUpdatesTo: [pix]      # ADT^A31 PIX update notifications when patient links change
///       priorsFrom: [pacs]       # dicomDestinations asked (C-FIND) for prior studies, retrieved by C-MOVE
///       mpi: { upperThreshold: 24, lowerThreshold: 12, enterpriseAuthority: RADBRIDGE-EUID }
///       stations: { CT1: CT_NORTH_1 }
///       critical: { acknowledgeWithin: 15m, acknowledgeWithinByPriority: { S: 5m },
///                   chain: [ORDERING, RADIOLOGY-ATTENDING, CHIEF-OF-SERVICE] }
public struct WorkflowSettings: Sendable, Decodable, Equatable {
    public var uidRoot: String?
    public var assignAccessionNumbers: Bool?
    public var statusTo: [String] = []
    public var reportsTo: [String] = []
    public var criticalTo: [String] = []
    public var chargesTo: [String] = []
    public var stations: [String: String] = [:]
    public var critical: CriticalSettings?
    public var pixUpdatesTo: [String] = []
    public var mpi: MPISettings?
    public var priorsFrom: [String] = []

    public struct CriticalSettings: Sendable, Decodable, Equatable {
        public var acknowledgeWithin: String?
        /// `{ S: 5m, A: 10m }`: a deadline per order priority (ORC-7.6 / TQ1-9).
        public var acknowledgeWithinByPriority: [String: String]?
        public var chain: [String]?
        public var flags: [String]?
        public var findingCodes: [String]?
    }

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case uidRoot, assignAccessionNumbers, statusTo, reportsTo, criticalTo, chargesTo, stations, critical, pixUpdatesTo, mpi, priorsFrom
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        uidRoot = try c.decodeIfPresent(String.self, forKey: .uidRoot)
        assignAccessionNumbers = try c.decodeIfPresent(Bool.self, forKey: .assignAccessionNumbers)
        statusTo = try c.decodeIfPresent([String].self, forKey: .statusTo) ?? []
        reportsTo = try c.decodeIfPresent([String].self, forKey: .reportsTo) ?? []
        criticalTo = try c.decodeIfPresent([String].self, forKey: .criticalTo) ?? []
        chargesTo = try c.decodeIfPresent([String].self, forKey: .chargesTo) ?? []
        stations = try c.decodeIfPresent([String: String].self, forKey: .stations) ?? [:]
        critical = try c.decodeIfPresent(CriticalSettings.self, forKey: .critical)
        pixUpdatesTo = try c.decodeIfPresent([String].self, forKey: .pixUpdatesTo) ?? []
        mpi = try c.decodeIfPresent(MPISettings.self, forKey: .mpi)
        priorsFrom = try c.decodeIfPresent([String].self, forKey: .priorsFrom) ?? []
    }

    /// Destination names by output role.
    public var destinations: [WorkflowOutput.Role: [String]] {
        [.status: statusTo, .reports: reportsTo, .critical: criticalTo, .charges: chargesTo, .pixUpdates: pixUpdatesTo]
    }

    /// The domain configuration these settings describe.
    public func domain() throws -> WorkflowConfiguration {
        var configuration = WorkflowConfiguration()
        if let uidRoot { configuration.uidRoot = uidRoot }
        if let assignAccessionNumbers { configuration.assignAccessionNumbers = assignAccessionNumbers }
        configuration.stationAETitles = stations
        if let mpi { configuration.mpi = try mpi.domain() }
        if let critical {
            if let within = critical.acknowledgeWithin {
                configuration.criticalAcknowledgeWithin = try Self.deadline(within, "workflow.critical.acknowledgeWithin")
            }
            for (priority, within) in critical.acknowledgeWithinByPriority ?? [:] {
                configuration.criticalAcknowledgeWithinByPriority[priority] =
                    try Self.deadline(within, "workflow.critical.acknowledgeWithinByPriority.\(priority)")
            }
            if let chain = critical.chain, !chain.isEmpty { configuration.criticalChain = chain }
            if let flags = critical.flags { configuration.criticalFlags = Set(flags) }
            if let codes = critical.findingCodes { configuration.criticalFindingCodes = Set(codes) }
        }
        return configuration
    }

    /// The longest critical-result deadline: a year, so that a deadline added to any DTM time fits.
    static let maximumDeadline: Int64 = 366 * 86_400

    private static func deadline(_ text: String, _ key: String) throws -> Int64 {
        guard let seconds = seconds(text), seconds <= maximumDeadline else {
            throw ConfigurationError.invalidValue("\(key) '\(text)' is not a duration like 2s, 15m or 1h (at most 366d)")
        }
        return seconds
    }

    /// `2s`, `15m`, `1h`, `1d`, or plain seconds; nil when not positive or when the seconds do not fit an Int64.
    static func seconds(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let last = text.last, let unit = units[last], let value = Int64(text.dropLast()), value > 0 {
            let (seconds, overflow) = value.multipliedReportingOverflow(by: unit)
            return overflow ? nil : seconds
        }
        if let value = Int64(text), value > 0 { return value }
        return nil
    }
}
