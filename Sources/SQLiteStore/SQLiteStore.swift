import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode, every commit fsynced, writes group-committed,
/// the log checkpointed off the commit path.
public final class SQLiteStore: Sendable {
    let pool: DatabasePool
    let writer: GroupCommitWriter
    private let checkpointer: WALCheckpointer

    /// Opens (creating if needed) `radbridge.sqlite` inside `directory` (0700, the files 0600).
    public convenience init(directory: URL) throws {
        try PrivateFiles.makeDirectory(directory)
        try self.init(path: directory.appendingPathComponent("radbridge.sqlite").path)
    }

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // In WAL mode only FULL fsyncs the log at each commit: an ACK must never outrun the disk.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        configuration.busyMode = .timeout(10)
        try PrivateFiles.prepareDatabase(at: path)
        pool = try DatabasePool(path: path, configuration: configuration)
        try SQLiteSchema.migrator.migrate(pool)
        checkpointer = try WALCheckpointer(path: path, configuration: configuration, writer: pool)
        writer = GroupCommitWriter(writer: pool, checkpointer: checkpointer)
    }

    /// How many WAL checkpoints have run off the commit path.
    public var checkpointCount: Int {
        checkpointer.passesCompleted
    }

    /// How many transactions the group-commit writer has committed (each is one fsync).
    public var commitCount: Int {
        get async { writer.batchesCommitted }
    }
}
