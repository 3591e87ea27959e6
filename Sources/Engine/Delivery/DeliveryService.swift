import Logging
import Store

/// Every destination's queue and lanes.
final class DeliveryService: Sendable {
    private let queues: [String: DestinationQueue]
    private let store: any OutboxStore
    private let logger: Logger
    private let onDelivered: @Sendable (_ controlID: String, _ destination: String, _ code: String) async -> Void
    private let prepare: @Sendable (OutboxItem) async -> OutboxItem

    init(configuration: EngineConfiguration, store: any OutboxStore, logger: Logger,
         prepare: @escaping @Sendable (OutboxItem) async -> OutboxItem = { $0 },
         onDelivered: @escaping @Sendable (_ controlID: String, _ destination: String, _ code: String) async -> Void = { _, _, _ in }) {
        self.onDelivered = onDelivered
        self.prepare = prepare
        var queues: [String: DestinationQueue] = [:]
        for (name, destination) in configuration.destinations {
            queues[name] = DestinationQueue(name: name, configuration: destination, store: store)
        }
        self.queues = queues
        self.store = store
        self.logger = logger
    }

    /// Tells the named destinations that items were queued.
    func wake(_ destinations: [String]) async {
        for name in destinations { await queues[name]?.wake() }
    }

    func wakeAll() async {
        for queue in queues.values { await queue.wake() }
    }

    /// Runs every lane until the task is cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            for queue in queues.values {
                let configuration = queue.configuration
                for _ in 0..<configuration.laneCount {
                    let lane = DeliveryLane(queue: queue, store: store, configuration: configuration,
                                            logger: logger, onDelivered: onDelivered, prepare: prepare)
                    group.addTask { await lane.run() }
                }
            }
        }
    }
}
