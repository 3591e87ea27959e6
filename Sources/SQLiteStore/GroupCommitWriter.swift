import Foundation
import GRDB

/// Batches concurrent writes into one transaction, so that they share one fsync.
///
/// Writes that arrive while a batch is committing wait for the next batch; each caller
/// resumes only after the transaction holding its write has committed. The batches run on a
/// thread of their own that blocks in SQLite and fsync: no actor hop and no dispatch to GRDB's
/// queue per batch, and never a blocked thread of Swift's cooperative pool. Between two batches it
/// also lets the ``WALCheckpointer`` finish a checkpoint.
final class GroupCommitWriter: Sendable {
    private let committer: Committer

    init(writer: any DatabaseWriter, checkpointer: WALCheckpointer) {
        committer = Committer(writer: writer, checkpointer: checkpointer)
        let committer = committer
        let thread = Thread { committer.run() }
        thread.name = "radbridge-group-commit"
        thread.start()
    }

    deinit {
        committer.stop()
    }

    var batchesCommitted: Int {
        committer.batchesCommitted
    }

    func write<Value: Sendable>(_ work: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            committer.enqueue(WriteJob(work: work, continuation: continuation))
        }
    }
}

/// The queue and the commit loop; the condition's lock guards every variable.
private final class Committer: @unchecked Sendable {
    private let writer: any DatabaseWriter
    private let checkpointer: WALCheckpointer
    private let condition = NSCondition()
    private var queued: [any GroupCommitJob] = []
    private var stopped = false
    private var committed = 0

    init(writer: any DatabaseWriter, checkpointer: WALCheckpointer) {
        self.writer = writer
        self.checkpointer = checkpointer
    }

    var batchesCommitted: Int {
        condition.withLock { committed }
    }

    func enqueue(_ job: any GroupCommitJob) {
        condition.withLock {
            queued.append(job)
            condition.signal()
        }
    }

    func stop() {
        condition.withLock {
            stopped = true
            condition.signal()
        }
    }

    func run() {
        while let batch = nextBatch() {
            commit(batch)
            condition.withLock { committed += 1 }
            checkpointer.afterCommit()
        }
        checkpointer.stop()
    }

    /// Waits for work; nil once stopped with nothing left to write.
    private func nextBatch() -> [any GroupCommitJob]? {
        condition.lock()
        defer { condition.unlock() }
        while queued.isEmpty && !stopped { condition.wait() }
        guard !queued.isEmpty else { return nil }
        defer { queued = [] }
        return queued
    }

    private func commit(_ batch: [any GroupCommitJob]) {
        do {
            try writer.write { db in
                for job in batch { try job.run(db) }
            }
            batch.forEach { $0.finish(commitError: nil) }
        } catch {
            // A job failed (or the commit did) and the transaction rolled back: again, each job in
            // a savepoint of its own, so that a failing job fails alone.
            do {
                try writer.write { db in
                    for job in batch { job.runIsolated(db) }
                }
                batch.forEach { $0.finish(commitError: nil) }
            } catch {
                batch.forEach { $0.finish(commitError: error) }
            }
        }
    }
}
