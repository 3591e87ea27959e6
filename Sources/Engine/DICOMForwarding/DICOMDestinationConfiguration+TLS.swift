import DICOMNetwork
import NIOSSL

extension DICOMDestinationConfiguration {
    /// The TLS context of a `tls: true` destination (nil otherwise). Read from the PEM files each time an
    /// association is opened, so renewed certificates are picked up without a restart.
    func tlsContext() throws -> NIOSSLContext? {
        guard tls else { return nil }
        do {
            return try DICOMTLS.clientContext(trustRoots: tlsTrustRoots, certificate: tlsCertificate, privateKey: tlsKey)
        } catch {
            throw DICOMForwardingError("TLS configuration of \(aet) could not be loaded: \(error)")
        }
    }
}
