import Foundation
import GRDB
import GRDBSQLite
import Synchronization

/// Keeps WAL checkpoints off the commit path.
///
/// Left to itself, SQLite checkpoints in the committing connection once the log passes 1,000
/// pages: copying the pages into the database file and fsyncing it stalled every hundredth
/// commit or so for about 5 ms, a third of the commit thread's time under load, with every
/// sender waiting. Here the writer does not checkpoint on its own; a thread with a connection of
/// its own does (PASSIVE, so commits go on meanwhile). The writer then checkpoints only the few
/// frames committed during that pass, between two batches, so that the whole log has been copied
/// and the next commit starts the log again from its beginning. A log rewritten in place keeps
/// each commit's fsync cheap; a log that only grows costs file-system metadata at every fsync.
final class WALCheckpointer: @unchecked Sendable {
    /// Frames in the log after the writer's last commit; set by SQLite's WAL hook.
    fileprivate let walFrames = Atomic<Int>(0)
    private let threshold: Int
    private let writer: any DatabaseWriter
    private let connection: DatabaseQueue
    private let condition = NSCondition()
    private var phase = Phase.idle
    private var stopped = false
    private var passes = 0

    private enum Phase { case idle, running, finished }

    /// Takes over checkpointing from `writer`'s connection, checkpointing once `threshold` frames are in the log.
    init(path: String, configuration: Configuration, writer: any DatabaseWriter, threshold: Int = 1_000) throws {
        self.threshold = threshold
        self.writer = writer
        connection = try DatabaseQueue(path: path, configuration: configuration)
        let context = Unmanaged.passUnretained(self).toOpaque()
        // A WAL hook of our own also turns SQLite's automatic checkpoint off.
        try writer.writeWithoutTransaction { db in
            _ = sqlite3_wal_hook(db.sqliteConnection, walHook, context)
        }
        let thread = Thread { [self] in run() }
        thread.name = "radbridge-wal-checkpoint"
        thread.start()
    }

    /// Called by the commit thread after each commit.
    func afterCommit() {
        let frames = walFrames.load(ordering: .relaxed)
        let finished: Bool = condition.withLock {
            switch phase {
            case .idle where frames >= threshold:
                phase = .running
                condition.signal()
                return false
            case .finished:
                phase = .idle
                return true
            default:
                return false
            }
        }
        if finished {
            // The frames the background pass did not see; then the next commit restarts the log.
            _ = try? writer.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        }
    }

    /// Checkpoints completed in the background.
    var passesCompleted: Int {
        condition.withLock { passes }
    }

    func stop() {
        condition.withLock {
            stopped = true
            condition.signal()
        }
    }

    private func run() {
        while waitForWork() {
            _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            condition.withLock {
                phase = .finished
                passes += 1
            }
        }
    }

    private func waitForWork() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while phase != .running && !stopped { condition.wait() }
        return !stopped
    }
}

private func walHook(_ context: UnsafeMutableRawPointer?, _ db: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ frames: Int32) -> Int32 {
    if let context {
        Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().walFrames.store(Int(frames), ordering: .relaxed)
    }
    return SQLITE_OK
}
