import GRDB

/// A write waiting for the next group commit.
protocol GroupCommitJob: AnyObject, Sendable {
    /// Runs inside the batch transaction; a failure aborts the whole batch, which is then run again
    /// job by job with `runIsolated`. Savepoints cost three statements per job, so only that second,
    /// rare pass pays for them.
    func run(_ db: Database) throws
    /// Runs in a savepoint of its own, so that its failure undoes only itself.
    func runIsolated(_ db: Database)
    /// Called once the batch transaction has committed (nil) or failed.
    func finish(commitError: (any Error)?)
}

/// The commit thread runs `run` (or `runIsolated`) and then `finish`,
/// never both at once, which is why the mutable result needs no lock.
final class WriteJob<Value: Sendable>: GroupCommitJob, @unchecked Sendable {
    private let work: @Sendable (Database) throws -> Value
    private let continuation: CheckedContinuation<Value, any Error>
    private var result: Result<Value, any Error>?

    init(work: @escaping @Sendable (Database) throws -> Value, continuation: CheckedContinuation<Value, any Error>) {
        self.work = work
        self.continuation = continuation
    }

    func run(_ db: Database) throws {
        result = .success(try work(db))
    }

    func runIsolated(_ db: Database) {
        do {
            var value: Value?
            try db.inSavepoint {
                value = try work(db)
                return .commit
            }
            result = .success(value!)
        } catch {
            result = .failure(error)
        }
    }

    func finish(commitError: (any Error)?) {
        if let commitError {
            continuation.resume(throwing: commitError)
        } else {
            continuation.resume(with: result ?? .failure(CancellationError()))
        }
    }
}
