import Foundation
import NIOCore

/// The listener's connections that are not (yet) an established association: waiting for their
/// A-ASSOCIATE-RQ, or rejected and waiting for the peer to close. Beyond the limit the oldest is
/// closed, so a flood of silent connections is capped without locking out a peer that speaks at once.
final class PendingConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var channels: [UInt64: any Channel] = [:]
    private var nextID: UInt64 = 0
    let limit: Int

    init(limit: Int) { self.limit = max(1, limit) }

    /// Registers a new connection and returns its ticket; closes the oldest one beyond the limit.
    func add(_ channel: any Channel) -> UInt64 {
        let (id, evicted) = lock.withLock { () -> (UInt64, (any Channel)?) in
            let id = nextID
            nextID += 1
            channels[id] = channel
            guard channels.count > limit, let oldest = channels.keys.min() else { return (id, nil) }
            return (id, channels.removeValue(forKey: oldest))
        }
        evicted?.close(promise: nil)
        return id
    }

    func remove(_ id: UInt64) { _ = lock.withLock { channels.removeValue(forKey: id) } }

    var count: Int { lock.withLock { channels.count } }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        self = overflow ? .nanoseconds(.max) : .nanoseconds(nanoseconds.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue)
    }
}
