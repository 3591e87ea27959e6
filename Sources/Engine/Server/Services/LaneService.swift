import ServiceLifecycle

/// A set of sending lanes (HL7 delivery, DICOM forwarding) as a service. The lanes check
/// `Task.isShuttingDownGracefully` between items: at graceful shutdown each finishes and records
/// the attempt it is making, then stops; `wake` rouses the sleeping ones to see it. Cancellation
/// aborts an attempt in flight, which is then made again at the next start.
struct LaneService: Service, CustomStringConvertible {
    let description: String
    /// Runs every lane; returns once all have stopped.
    let lanes: @Sendable () async -> Void
    let wake: @Sendable () async -> Void

    func run() async throws {
        await withGracefulShutdownHandler {
            await lanes()
        } onGracefulShutdown: {
            Task { await wake() }
        }
        // Nothing configured to send to: stay until shutdown (a service that returns stops the group).
        if !Task.isShuttingDownGracefully, !Task.isCancelled { try? await gracefulShutdown() }
    }
}
