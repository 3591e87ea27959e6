import Synchronization

/// Counts a listener's open connections and admits a new one only below the cap.
final class MLLPConnectionGate: Sendable {
    let limit: Int
    private let open = Mutex(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a place for a connection; false when every place is taken.
    func admit() -> Bool {
        open.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func release() {
        open.withLock { $0 -= 1 }
    }

    var openConnections: Int { open.withLock { $0 } }
}
