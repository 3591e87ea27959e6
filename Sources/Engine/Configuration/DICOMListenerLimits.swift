import DICOMNetwork

/// The DICOM listener's bounds, read from the `dicom:` block next to `aeTitle`:
///
///     dicom:
///       maxAssociations: 32            # established associations; beyond: A-ASSOCIATE-RJ transient
///       maxPendingConnections: 64      # connections not yet associated; beyond: the oldest is closed
///       artimTimeout: 10               # seconds to send the A-ASSOCIATE-RQ (and to close after RJ/release)
///       idleTimeout: 300               # seconds an idle established association lives; then A-ABORT
///       maxOperationsPerAssociation: 16
///       maxMessageBytes: 268435456     # one DIMSE data set (and what a deflated one may inflate to)
///       maxBufferedBytes: 1073741824   # all data sets held at once by the listener
public struct DICOMListenerLimits: Sendable, Decodable, Equatable {
    public var maxAssociations = 32
    public var maxPendingConnections = 64
    public var artimTimeout: Double = 10
    public var idleTimeout: Double = 300
    public var maxOperationsPerAssociation = 16
    public var maxMessageBytes = AcceptorPolicy.defaultMaximumMessageSize
    public var maxBufferedBytes = 1 << 30

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case maxAssociations, maxPendingConnections, artimTimeout, idleTimeout, maxOperationsPerAssociation, maxMessageBytes, maxBufferedBytes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxAssociations = try c.decodeIfPresent(Int.self, forKey: .maxAssociations) ?? maxAssociations
        maxPendingConnections = try c.decodeIfPresent(Int.self, forKey: .maxPendingConnections) ?? maxPendingConnections
        artimTimeout = try c.decodeIfPresent(Double.self, forKey: .artimTimeout) ?? artimTimeout
        idleTimeout = try c.decodeIfPresent(Double.self, forKey: .idleTimeout) ?? idleTimeout
        maxOperationsPerAssociation = try c.decodeIfPresent(Int.self, forKey: .maxOperationsPerAssociation) ?? maxOperationsPerAssociation
        maxMessageBytes = try c.decodeIfPresent(Int.self, forKey: .maxMessageBytes) ?? maxMessageBytes
        maxBufferedBytes = try c.decodeIfPresent(Int.self, forKey: .maxBufferedBytes) ?? maxBufferedBytes
    }

    func validate() throws {
        guard maxAssociations > 0, maxPendingConnections > 0, maxOperationsPerAssociation > 0 else {
            throw ConfigurationError.invalidValue("dicom.maxAssociations, maxPendingConnections and maxOperationsPerAssociation must be positive")
        }
        guard artimTimeout > 0, artimTimeout <= 3600, idleTimeout > 0, idleTimeout <= 86_400 else {
            throw ConfigurationError.invalidValue("dicom.artimTimeout (at most 3600 s) and dicom.idleTimeout (at most 86400 s) must be positive")
        }
        guard maxMessageBytes > 0, maxBufferedBytes >= maxMessageBytes else {
            throw ConfigurationError.invalidValue("dicom.maxMessageBytes must be positive and at most dicom.maxBufferedBytes")
        }
    }

    /// The listener configuration these limits give.
    public func serverConfiguration(host: String, port: Int, aeTitle: String) -> DICOMServer.Configuration {
        var configuration = DICOMServer.Configuration(host: host, port: port, aeTitle: aeTitle)
        configuration.policy.maximumAssociations = maxAssociations
        configuration.policy.maximumPendingConnections = maxPendingConnections
        configuration.policy.artimTimeout = .milliseconds(Int64(artimTimeout * 1000))
        configuration.policy.idleTimeout = .milliseconds(Int64(idleTimeout * 1000))
        configuration.policy.maximumOutstandingOperations = maxOperationsPerAssociation
        configuration.policy.maximumMessageSize = maxMessageBytes
        configuration.policy.maximumBufferedBytes = maxBufferedBytes
        return configuration
    }
}
