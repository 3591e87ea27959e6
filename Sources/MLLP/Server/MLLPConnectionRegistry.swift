import NIOCore
import Synchronization

/// A listener's connections: accepted but not handed to a task yet, idle (waiting for a frame) or busy
/// (its frame being answered), and whether the listener is draining: the state graceful shutdown
/// needs, under one lock, so that a frame either starts being answered before the drain (and is
/// answered) or is never started, and no accepted connection is dropped unconsumed.
final class MLLPConnectionRegistry: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private struct State {
        var draining = false
        /// False once the listener's accept loop ended: a connection accepted later is closed at once.
        var accepting = true
        var accepted: [ObjectIdentifier: Connection] = [:]
        var idle: [ObjectIdentifier: any Channel] = [:]
        var busy: [ObjectIdentifier: any Channel] = [:]
    }

    private let state = Mutex(State())

    /// Wraps an accepted channel (`wrap` runs under the lock, on the channel's event loop) and keeps it
    /// until ``take(_:)``; nil, without wrapping, when the accept loop has ended.
    func accept(_ channel: any Channel, wrap: () throws -> Connection) throws -> ObjectIdentifier? {
        try state.withLock { state in
            guard state.accepting else { return nil }
            let id = ObjectIdentifier(channel)
            state.accepted[id] = try wrap()
            return id
        }
    }

    func take(_ id: ObjectIdentifier) -> Connection? {
        state.withLock { $0.accepted.removeValue(forKey: id) }
    }

    /// The accept loop ended: the connections accepted but never handed out, to be served (or closed).
    func stopAccepting() -> [Connection] {
        state.withLock { state in
            state.accepting = false
            defer { state.accepted = [:] }
            return Array(state.accepted.values)
        }
    }

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
