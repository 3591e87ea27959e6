import NIOCore
import NIOSSL

/// DICOM over TLS, requestor side (PS3.15 B.1, the basic TLS secure transport connection profile):
/// the association runs inside a TLS connection whose server certificate is verified against the
/// given trust roots (and the host name or IP address); a client certificate goes along when the
/// peer asks for one.
public enum DICOMTLS {
    /// A client context: the system trust store unless `trustRoots` names a PEM bundle. Like MLLP's, but
    /// TLS 1.2 at least, as the profile's BCP 195 basis asks.
    public static func clientContext(trustRoots: String? = nil, certificate: String? = nil,
                                     privateKey: String? = nil) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let trustRoots { configuration.trustRoots = .file(trustRoots) }
        if let certificate, let privateKey {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKey, format: .pem))
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The handler that goes first in the association's pipeline. SNI and the name check take a
    /// host name; an IP address is checked against the certificate's IP entries instead.
    static func handler(_ context: NIOSSLContext, host: String) throws -> NIOSSLClientHandler {
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
    }
}
