/// One downstream system and how to deliver to it.
public struct DestinationConfiguration: Sendable, Decodable, Equatable {
    public var mllp: EndpointAddress
    public var tls: Bool
    /// PEM bundle of the authorities that may sign the destination's certificate (default: the system's).
    public var tlsTrustRoots: String?
    /// Client certificate and key (PEM) for destinations that verify their clients.
    public var tlsCertificate: String?
    public var tlsKey: String?
    public var ordering: DeliveryOrdering
    /// Seconds to wait for the ACK of one message.
    public var ackTimeout: Double
    /// Connections used at once (per-patient ordering only; fifo always uses one).
    public var connections: Int
    /// How many times a message answered AE is sent again before it is dead-lettered.
    public var aeRetries: Int
    /// After this many failed attempts (AR, timeout, refused) a message is dead-lettered; nil retries forever.
    public var maxAttempts: Int?
    public var backoff: BackoffConfiguration
    /// The receiver's interface profile: outbound messages carry the Z-segments it declares.
    public var profile: String?
    /// How the destination signs the application ACKs it sends to our listener for critical results.
    public var answersAs: AcknowledgementSender?

    public init(mllp: EndpointAddress, tls: Bool = false, ordering: DeliveryOrdering = .patient,
                ackTimeout: Double = 30, connections: Int = 4, aeRetries: Int = 3, maxAttempts: Int? = nil,
                backoff: BackoffConfiguration = BackoffConfiguration(), tlsTrustRoots: String? = nil,
                tlsCertificate: String? = nil, tlsKey: String? = nil) {
        self.mllp = mllp
        self.tls = tls
        self.tlsTrustRoots = tlsTrustRoots
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.ordering = ordering
        self.ackTimeout = ackTimeout
        self.connections = connections
        self.aeRetries = aeRetries
        self.maxAttempts = maxAttempts
        self.backoff = backoff
    }

    private enum CodingKeys: String, CodingKey {
        case mllp, tls, ordering, ackTimeout, connections, aeRetries, maxAttempts, backoff, tlsTrustRoots, tlsCertificate,
             tlsKey, profile, answersAs
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            mllp: try c.decode(EndpointAddress.self, forKey: .mllp),
            tls: try c.decodeIfPresent(Bool.self, forKey: .tls) ?? false,
            ordering: try c.decodeIfPresent(DeliveryOrdering.self, forKey: .ordering) ?? .patient,
            ackTimeout: try c.decodeIfPresent(Double.self, forKey: .ackTimeout) ?? 30,
            connections: try c.decodeIfPresent(Int.self, forKey: .connections) ?? 4,
            aeRetries: try c.decodeIfPresent(Int.self, forKey: .aeRetries) ?? 3,
            maxAttempts: try c.decodeIfPresent(Int.self, forKey: .maxAttempts),
            backoff: try c.decodeIfPresent(BackoffConfiguration.self, forKey: .backoff) ?? BackoffConfiguration(),
            tlsTrustRoots: try c.decodeIfPresent(String.self, forKey: .tlsTrustRoots),
            tlsCertificate: try c.decodeIfPresent(String.self, forKey: .tlsCertificate),
            tlsKey: try c.decodeIfPresent(String.self, forKey: .tlsKey))
        // Converted to whole milliseconds when a lane connects: bounded so that the product fits.
        guard ackTimeout.isFinite, ackTimeout <= BackoffConfiguration.longest else {
            throw ConfigurationError.invalidValue("ackTimeout \(ackTimeout) must be at most \(Int(BackoffConfiguration.longest)) seconds")
        }
        profile = try c.decodeIfPresent(String.self, forKey: .profile)
        answersAs = try c.decodeIfPresent(AcknowledgementSender.self, forKey: .answersAs)
    }

    /// Lanes that deliver at once.
    var laneCount: Int { ordering == .fifo ? 1 : max(1, connections) }
}
