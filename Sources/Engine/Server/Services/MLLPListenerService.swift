import Logging
import MLLP
import ServiceLifecycle

/// The MLLP listener as a service. At graceful shutdown it stops accepting and closes idle
/// connections; a message being handled is journaled and answered (ACK written) before its
/// connection closes, so every AA a sender got is durable. Cancellation stops it at once.
struct MLLPListenerService: Service, CustomStringConvertible {
    let server: MLLPServer
    let logger: Logger

    var description: String { "MLLP listener \(server.localAddress)" }

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await server.run()
        } onGracefulShutdown: {
            logger.info("shutting down: MLLP listener closed, \(server.openConnections) connection(s) finishing")
            server.shutdownGracefully()
        }
    }
}
