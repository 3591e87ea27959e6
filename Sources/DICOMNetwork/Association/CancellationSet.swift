import NIOConcurrencyHelpers

/// Message IDs for which a C-CANCEL arrived, shared between the event loop and service tasks.
final class CancellationSet: Sendable {
    private let ids = NIOLockedValueBox(Set<UInt16>())

    func cancel(_ id: UInt16) { _ = ids.withLockedValue { $0.insert(id) } }
    func isCancelled(_ id: UInt16) -> Bool { ids.withLockedValue { $0.contains(id) } }
    func clear(_ id: UInt16) { _ = ids.withLockedValue { $0.remove(id) } }
}
