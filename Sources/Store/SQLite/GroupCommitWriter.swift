import GRDB

/// Batches concurrent writes into one transaction, so that they share one fsync.
///
/// Writes that arrive while a batch is committing wait for the next batch; each caller
/// resumes only after the transaction holding its write has committed.
actor GroupCommitWriter {
    private let writer: any DatabaseWriter
    private var queued: [any GroupCommitJob] = []
    private var committing = false
    private(set) var batchesCommitted = 0

    init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    func write<Value: Sendable>(_ work: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            queued.append(WriteJob(work: work, continuation: continuation))
            if !committing {
                committing = true
                Task { await self.commitQueued() }
            }
        }
    }

    private func commitQueued() async {
        while !queued.isEmpty {
            let batch = queued
            queued = []
            do {
                try await writer.write { db in
                    for job in batch { job.execute(db) }
                }
                batch.forEach { $0.finish(commitError: nil) }
            } catch {
                batch.forEach { $0.finish(commitError: error) }
            }
            batchesCommitted += 1
        }
        committing = false
    }
}
