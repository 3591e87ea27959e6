import Foundation

/// Counts live associations across a server's channels so a limit can be enforced when a request
/// is accepted (a rejected request never takes a slot).
final class AssociationLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func acquire() -> Bool {
        lock.withLock {
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func release() { lock.withLock { count -= 1 } }

    var current: Int { lock.withLock { count } }
}
