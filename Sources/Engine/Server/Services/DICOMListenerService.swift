import DICOMNetwork
import ServiceLifecycle

/// The DICOM listener as a service. At graceful shutdown it stops accepting, then gives the
/// associations already open up to `drainTimeout` to end (a C-STORE being received is filed);
/// cancellation stops accepting and returns at once.
struct DICOMListenerService: Service, CustomStringConvertible {
    let server: DICOMServer
    var drainTimeout: Duration = .seconds(5)

    var description: String { "DICOM listener \(server.configuration.policy.aeTitle)" }

    func run() async throws {
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await server.waitUntilClosed()
        } onCancelOrGracefulShutdown: {
            Task { try? await server.stop() }
        }
        let deadline = ContinuousClock.now + drainTimeout
        while server.openAssociations + server.pendingConnections > 0, !Task.isCancelled, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
