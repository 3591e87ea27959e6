import Foundation
import Logging
import MLLP
import NIOCore
import ServiceLifecycle
import Store

/// One connection's worth of delivery to a destination: claim, send, wait for the ACK, record, repeat.
struct DeliveryLane: Sendable {
    let queue: DestinationQueue
    let store: any OutboxStore
    let configuration: DestinationConfiguration
    let logger: Logger
    /// Told of every delivery the destination accepted, with its code (AA or CA).
    var onDelivered: @Sendable (_ controlID: String, _ destination: String, _ code: String) async -> Void = { _, _, _ in }
    /// Rewrites an item for its receiver just before it is sent (the receiver's interface profile).
    var prepare: @Sendable (OutboxItem) async -> OutboxItem = { $0 }

    /// Delivers until the task is cancelled (an attempt in flight is aborted and not recorded) or
    /// the service group shuts down gracefully (the attempt in flight is finished and recorded).
    func run() async {
        let connection = LaneConnection(configuration: configuration)
        while true {
            // Read before the check: a shutdown after it wakes the queue, so the sleep below ends at once.
            let seen = await queue.generation
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            let item: OutboxItem?
            do {
                item = try await queue.claim()
            } catch {
                logger.error("outbox read failed: \(error)", metadata: ["destination": "\(queue.name)"])
                try? await Task.sleep(for: .seconds(1))
                continue
            }
            guard let item else {
                await queue.sleep(unlessWokenSince: seen)
                continue
            }
            let prepared = await prepare(item)
            let outcome = await withTaskCancellationHandler {
                await connection.deliver(prepared)
            } onCancel: {
                connection.abort()
            }
            if !Task.isCancelled || outcome.isDelivered {
                await record(outcome, for: item)
            }
            await queue.release(item)
        }
        await connection.close()
    }

    private func record(_ outcome: DeliveryOutcome, for item: OutboxItem) async {
        let metadata: Logger.Metadata = ["destination": "\(queue.name)", "controlID": "\(item.controlID ?? "")",
                                         "attempt": "\(item.attempts + 1)"]
        let attempts = item.attempts + 1
        do {
            switch outcome {
            case .delivered(let code):
                try await store.markDelivered(id: item.id)
                if let controlID = item.controlID { await onDelivered(controlID, queue.name, code) }
            case .applicationError(let text):
                if attempts > configuration.aeRetries {
                    logger.error("dead-lettered after \(attempts) attempts: \(text)", metadata: metadata)
                    try await store.deadLetter(id: item.id, attempts: attempts, error: text)
                } else {
                    logger.warning("application error, will retry: \(text)", metadata: metadata)
                    try await retry(item, attempts: attempts, error: text)
                }
            case .failed(let text):
                if let limit = configuration.maxAttempts, attempts >= limit {
                    logger.error("dead-lettered after \(attempts) attempts: \(text)", metadata: metadata)
                    try await store.deadLetter(id: item.id, attempts: attempts, error: text)
                } else {
                    logger.warning("delivery failed, will retry: \(text)", metadata: metadata)
                    try await retry(item, attempts: attempts, error: text)
                }
            }
        } catch {
            logger.error("outbox update failed: \(error)", metadata: metadata)
        }
    }

    private func retry(_ item: OutboxItem, attempts: Int, error: String) async throws {
        let delay = configuration.backoff.delay(afterAttempt: attempts)
        try await store.scheduleRetry(id: item.id, attempts: attempts, at: Date().addingTimeInterval(delay), error: error)
    }
}
