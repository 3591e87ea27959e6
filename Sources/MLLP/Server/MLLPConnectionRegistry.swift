import NIOCore
import Synchronization

/// A listener's open connections, each idle (waiting for a frame) or busy (its frame being answered),
/// and whether the listener is draining: the state graceful shutdown needs, under one lock, so that a
/// frame either starts being answered before the drain (and is answered) or is never started.
final class MLLPConnectionRegistry: Sendable {
    private struct State {
        var draining = false
        var idle: [ObjectIdentifier: any Channel] = [:]
        var busy: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = Mutex(State())

    /// Records a new (idle) connection; false when the listener is draining.
    func register(_ id: ObjectIdentifier, _ channel: any Channel) -> Bool {
        state.withLock { state in
            guard !state.draining else { return false }
            state.idle[id] = channel
            return true
        }
    }

    func remove(_ id: ObjectIdentifier) {
        state.withLock { state in
            state.idle[id] = nil
            state.busy[id] = nil
        }
    }

    /// A frame arrived: true when it may be answered, false when the listener is draining.
    func begin(_ id: ObjectIdentifier) -> Bool {
        state.withLock { state in
            guard !state.draining, let channel = state.idle.removeValue(forKey: id) else { return false }
            state.busy[id] = channel
            return true
        }
    }

    /// The frame's reply was written: true to read the next one, false when the listener is draining.
    func end(_ id: ObjectIdentifier) -> Bool {
        state.withLock { state in
            guard !state.draining, let channel = state.busy.removeValue(forKey: id) else { return false }
            state.idle[id] = channel
            return true
        }
    }

    /// Starts draining; returns the idle connections, to be closed now (busy ones close after their reply).
    func drain() -> [any Channel] {
        state.withLock { state in
            state.draining = true
            return Array(state.idle.values)
        }
    }
}
