/// A DICOM peer RadBridge forwards received instances to by C-STORE (`dicomDestinations`).
public struct DICOMDestinationConfiguration: Sendable, Decodable, Equatable {
    public var host: String
    public var port: Int
    /// The destination's (called) AE title.
    public var aet: String
    /// DICOM over TLS (PS3.15 B.1): the peer's certificate is verified against `tlsTrustRoots` (a PEM
    /// bundle; the system store without it); `tlsCertificate` + `tlsKey` (PEM) are sent when the peer
    /// asks for a client certificate. The same key names as the MLLP destinations'.
    public var tls: Bool
    public var tlsTrustRoots: String?
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// How a prior study is fetched from it (`workflow.priorsFrom`): `move` (C-MOVE to RadBridge's AE, which
    /// the PACS must know with host and port) or `get` (C-GET, the instances come back on the same association).
    public var retrieve = "move"
    /// Ask the destination to commit what it received (storage commitment N-ACTION); its report
    /// comes back to RadBridge's DICOM listener, so the destination must know RadBridge's AE.
    public var storageCommitment: Bool
    /// After this many failed attempts an instance is marked failed; nil retries forever.
    public var maxAttempts: Int?
    public var backoff: BackoffConfiguration
    /// Seconds to wait for connection and responses.
    public var timeout: Double

    public init(host: String, port: Int, aet: String, tls: Bool = false, storageCommitment: Bool = false,
                maxAttempts: Int? = nil, backoff: BackoffConfiguration = BackoffConfiguration(), timeout: Double = 30) {
        self.host = host
        self.port = port
        self.aet = aet
        self.tls = tls
        self.storageCommitment = storageCommitment
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.timeout = timeout
    }

    private enum CodingKeys: String, CodingKey {
        case host, port, aet, tls, storageCommitment, maxAttempts, backoff, timeout, tlsTrustRoots, tlsCertificate, tlsKey, retrieve
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(host: try c.decode(String.self, forKey: .host), port: try c.decode(Int.self, forKey: .port),
                  aet: try c.decode(String.self, forKey: .aet), tls: try c.decodeIfPresent(Bool.self, forKey: .tls) ?? false,
                  storageCommitment: try c.decodeIfPresent(Bool.self, forKey: .storageCommitment) ?? false,
                  maxAttempts: try c.decodeIfPresent(Int.self, forKey: .maxAttempts),
                  backoff: try c.decodeIfPresent(BackoffConfiguration.self, forKey: .backoff) ?? BackoffConfiguration(),
                  timeout: try c.decodeIfPresent(Double.self, forKey: .timeout) ?? 30)
        tlsTrustRoots = try c.decodeIfPresent(String.self, forKey: .tlsTrustRoots)
        tlsCertificate = try c.decodeIfPresent(String.self, forKey: .tlsCertificate)
        tlsKey = try c.decodeIfPresent(String.self, forKey: .tlsKey)
        retrieve = try c.decodeIfPresent(String.self, forKey: .retrieve) ?? "move"
    }

    func validate(name: String) throws {
        guard (1...65535).contains(port) else {
            throw ConfigurationError.invalidValue("dicomDestinations.\(name).port \(port) is not a TCP port")
        }
        guard !aet.isEmpty, aet.count <= 16, !aet.contains("\\") else {
            throw ConfigurationError.invalidValue("dicomDestinations.\(name).aet '\(aet)' must be 1 to 16 characters without a backslash")
        }
        guard retrieve == "move" || retrieve == "get" else {
            throw ConfigurationError.invalidValue("dicomDestinations.\(name).retrieve '\(retrieve)' must be move or get")
        }
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ConfigurationError.invalidValue("dicomDestinations.\(name): tlsCertificate and tlsKey go together")
        }
        guard timeout > 0, timeout <= BackoffConfiguration.longest, backoff.initial > 0, backoff.max >= backoff.initial, (maxAttempts ?? 1) > 0 else {
            throw ConfigurationError.invalidValue("dicomDestinations.\(name): timeouts and retries must be positive")
        }
    }
}
