import Foundation
import Store

/// Hands out one destination's outbox items to its lanes, never two of one ordering key at once.
actor DestinationQueue {
    let name: String
    let configuration: DestinationConfiguration
    private let store: any OutboxStore
    private var busyKeys: Set<String> = []
    private var querying = false
    private var queryWaiters: [CheckedContinuation<Void, Never>] = []
    /// Keys released while a query ran: that query may have read their finished item as still pending.
    private var releasedDuringQuery: Set<String> = []
    private(set) var generation = 0
    private var sleepers: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextSleeper = 0

    init(name: String, configuration: DestinationConfiguration, store: any OutboxStore) {
        self.name = name
        self.configuration = configuration
        self.store = store
    }

    /// The next item to deliver, marked busy until ``release(_:)``; nil when nothing is due.
    func claim() async throws -> OutboxItem? {
        while querying { await withCheckedContinuation { queryWaiters.append($0) } }
        querying = true
        releasedDuringQuery = []
        defer {
            querying = false
            if !queryWaiters.isEmpty { queryWaiters.removeFirst().resume() }
        }
        let items = try await store.deliverable(destination: name, now: Date(), busyKeys: busyKeys,
                                                limit: configuration.laneCount + 1)
        for item in items where !busyKeys.contains(item.orderingKey) && !releasedDuringQuery.contains(item.orderingKey) {
            busyKeys.insert(item.orderingKey)
            return item
        }
        return nil
    }

    func release(_ item: OutboxItem) {
        busyKeys.remove(item.orderingKey)
        if querying { releasedDuringQuery.insert(item.orderingKey) }
        wake()
    }

    /// New items may be deliverable: wakes every sleeping lane.
    func wake() {
        generation += 1
        let waiting = sleepers
        sleepers = [:]
        waiting.values.forEach { $0.resume() }
    }

    /// Sleeps until ``wake()`` or until the next retry is due (at most `maximum`),
    /// unless a wake already happened since `seen`.
    func sleep(unlessWokenSince seen: Int, maximum: Duration = .seconds(1)) async {
        guard generation == seen else { return }
        var timeout = maximum
        if let due = try? await store.nextDueDate(destination: name) {
            let wait = due.timeIntervalSinceNow
            // Past-due items are blocked by a busy key; the release that frees them wakes us.
            if wait > 0, wait < 1 { timeout = .milliseconds(Int(max(10, wait * 1000))) }
        }
        guard generation == seen else { return }
        let id = nextSleeper
        nextSleeper += 1
        await withCheckedContinuation { continuation in
            sleepers[id] = continuation
            Task { [timeout] in
                try? await Task.sleep(for: timeout)
                self.endSleep(id)
            }
        }
    }

    private func endSleep(_ id: Int) {
        sleepers.removeValue(forKey: id)?.resume()
    }
}
