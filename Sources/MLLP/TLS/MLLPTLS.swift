import NIOSSL

/// TLS contexts for MLLP listeners and clients, from PEM files.
public enum MLLPTLS {
    /// A listener's context; with `clientCertificateAuthority`, clients must present a certificate it signed.
    public static func serverContext(certificate: String, privateKey: String,
                                     clientCertificateAuthority: String? = nil) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
        let key = NIOSSLPrivateKeySource.privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem))
        var configuration: TLSConfiguration
        if let authority = clientCertificateAuthority {
            configuration = .makeServerConfigurationWithMTLS(certificateChain: chain, privateKey: key,
                                                             trustRoots: .file(authority))
            configuration.certificateVerification = .noHostnameVerification
        } else {
            configuration = .makeServerConfiguration(certificateChain: chain, privateKey: key)
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// A client's context: the system trust store unless `trustRoots` names a PEM bundle,
    /// and a client certificate when the peer asks for one.
    public static func clientContext(trustRoots: String? = nil, certificate: String? = nil,
                                     privateKey: String? = nil) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let trustRoots { configuration.trustRoots = .file(trustRoots) }
        if let certificate, let privateKey {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem))
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
