import Foundation

/// Message IDs for which a C-CANCEL arrived, shared between the event loop and service tasks.
final class CancellationSet: @unchecked Sendable {
    private let lock = NSLock()
    private var ids = Set<UInt16>()

    func cancel(_ id: UInt16) { _ = lock.withLock { ids.insert(id) } }
    func isCancelled(_ id: UInt16) -> Bool { lock.withLock { ids.contains(id) } }
    func clear(_ id: UInt16) { _ = lock.withLock { ids.remove(id) } }
}
