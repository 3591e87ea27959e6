import Logging
import ServiceLifecycle

/// Critical results whose acknowledgement deadline passed escalate to the next contact, checked
/// every `interval`. Graceful shutdown ends the wait between checks, never a check in progress.
struct EscalationTimer: Service, CustomStringConvertible {
    let workflow: WorkflowService
    let logger: Logger
    var interval: Duration = .seconds(1)

    var description: String { "critical-result escalation timer" }

    func run() async throws {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                try await workflow.checkEscalations()
            } catch {
                logger.error("critical-result escalation failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
        }
    }
}
