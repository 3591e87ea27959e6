import Synchronization

/// Counts a listener's open connections and admits a new one only below the cap.
final class MLLPConnectionGate: Sendable {
    private struct Counts {
        var open = 0
        /// Refusals not yet logged, and when the last log line went out: a flood logs once a second.
        var unlogged = 0
        var loggedAt: ContinuousClock.Instant?
    }

    let limit: Int
    private let counts = Mutex(Counts())

    init(limit: Int) { self.limit = limit }

    /// Takes a place for a connection; false when every place is taken.
    func admit() -> Bool {
        counts.withLock { counts in
            guard counts.open < limit else {
                counts.unlogged += 1
                return false
            }
            counts.open += 1
            return true
        }
    }

    func release() {
        counts.withLock { $0.open -= 1 }
    }

    /// The refusals to report now, or nil within a second of the last report.
    func refusalsToLog() -> Int? {
        counts.withLock { counts in
            let now = ContinuousClock.now
            guard counts.unlogged > 0, counts.loggedAt.map({ now - $0 >= .seconds(1) }) ?? true else { return nil }
            defer { counts.unlogged = 0; counts.loggedAt = now }
            return counts.unlogged
        }
    }

    var openConnections: Int { counts.withLock { $0.open } }
}
