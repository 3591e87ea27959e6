import Foundation

/// Bytes of DIMSE data sets a listener holds at once, across all its associations. A fragment is
/// reserved before it is kept, so the total never passes the limit.
final class ByteBudget: @unchecked Sendable {
    private let lock = NSLock()
    private var used = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func reserve(_ bytes: Int) -> Bool {
        lock.withLock {
            guard bytes <= limit - used else { return false }
            used += bytes
            return true
        }
    }

    func release(_ bytes: Int) { lock.withLock { used -= bytes } }

    var current: Int { lock.withLock { used } }
}
