import NIOConcurrencyHelpers

/// Counts live associations across a server's channels so a limit can be enforced at A-ASSOCIATE-RQ.
final class AssociationLimiter: Sendable {
    private let count = NIOLockedValueBox(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func acquire() -> Bool {
        count.withLockedValue { value in
            guard value < limit else { return false }
            value += 1
            return true
        }
    }

    func release() { count.withLockedValue { $0 -= 1 } }

    var current: Int { count.withLockedValue { $0 } }
}
