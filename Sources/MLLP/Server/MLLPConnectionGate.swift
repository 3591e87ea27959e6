import Synchronization

/// Counts a listener's open connections, in all and per peer address, and admits a new one only
/// below both caps: one address cannot take every place of the listener.
final class MLLPConnectionGate: Sendable {
    /// Why a connection was refused.
    enum Refusal: Sendable, Equatable {
        /// Every place of the listener is taken.
        case listenerFull
        /// The peer's address holds its whole share already.
        case peerFull
    }

    private struct Counts {
        var open = 0
        var openByPeer: [String: Int] = [:]
        /// Refusals not yet logged, and when the last log line went out: a flood logs once a second.
        var unlogged = 0
        var loggedAt: ContinuousClock.Instant?
    }

    let limit: Int
    let perPeerLimit: Int
    private let counts = Mutex(Counts())

    init(limit: Int, perPeerLimit: Int = .max) {
        self.limit = limit
        self.perPeerLimit = perPeerLimit
    }

    /// Takes a place for a connection from `peer` (its IP address, without the port); nil when
    /// admitted, else why not.
    func admit(peer: String) -> Refusal? {
        counts.withLock { counts in
            guard counts.open < limit else {
                counts.unlogged += 1
                return .listenerFull
            }
            let fromPeer = counts.openByPeer[peer, default: 0]
            guard fromPeer < perPeerLimit else {
                counts.unlogged += 1
                return .peerFull
            }
            counts.open += 1
            counts.openByPeer[peer] = fromPeer + 1
            return nil
        }
    }

    /// Gives back the place `admit(peer:)` took.
    func release(peer: String) {
        counts.withLock { counts in
            counts.open -= 1
            let left = counts.openByPeer[peer, default: 1] - 1
            counts.openByPeer[peer] = left > 0 ? left : nil
        }
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

    /// Connections open now from `peer`.
    func openConnections(from peer: String) -> Int { counts.withLock { $0.openByPeer[peer, default: 0] } }
}
