import Foundation
import Store

/// Hands out one destination's outbox items to its lanes, never two of one ordering key at once.
actor DestinationQueue {
    let name: String
    let configuration: DestinationConfiguration
    private let store: any OutboxStore
    private var busyKeys: Set<String> = []
    /// Deliverable heads read ahead, oldest first, so that most claims need no query.
    private var cache: [OutboxItem] = []
    private static let batchSize = 64
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
        if let item = takeFromCache() { return item }
        while querying { await withCheckedContinuation { queryWaiters.append($0) } }
        if let item = takeFromCache() { return item }
        querying = true
        releasedDuringQuery = []
        defer {
            querying = false
            if !queryWaiters.isEmpty { queryWaiters.removeFirst().resume() }
        }
        let items = try await store.deliverable(destination: name, now: Date(), busyKeys: busyKeys,
                                                limit: Self.batchSize)
        // A key released while the query ran may have had its head delivered after the query's
        // snapshot: that head is stale, and so is anything else read for the key.
        cache = items.filter { !busyKeys.contains($0.orderingKey) && !releasedDuringQuery.contains($0.orderingKey) }
        return takeFromCache()
    }

    /// Heads read by one query stay heads until this queue hands them out: only its lanes deliver them.
    private func takeFromCache() -> OutboxItem? {
        while !cache.isEmpty {
            let item = cache.removeFirst()
            if busyKeys.contains(item.orderingKey) { continue }
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
    /// (The cache is kept: new items are younger than every cached head, so they never jump ahead of it.)
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
