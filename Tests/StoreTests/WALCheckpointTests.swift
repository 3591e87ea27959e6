import Foundation
import SQLiteStore
import Store
import Testing

@Suite struct WALCheckpointTests {
    /// Under continuous load the log is checkpointed by the background thread and, with the writer
    /// catching up between batches, started again from its beginning: it stays within a few times
    /// the checkpoint threshold however much is written, and nothing written is lost.
    @Test func theLogStaysBoundedUnderContinuousWrites() async throws {
        let (store, directory) = try temporaryStore()
        let filler = String(repeating: "X", count: 3_000)
        let writers = 8, perWriter = 500
        let maximumLog = try await withThrowingTaskGroup(of: Int.self) { group in
            for w in 0..<writers {
                group.addTask {
                    var largest = 0
                    for i in 0..<perWriter {
                        var message = entry("W\(w)-\(i)")
                        message.raw += Array("NTE|1||\(filler)\r".utf8)
                        _ = try await store.append(message)
                        if i % 50 == 0 { largest = max(largest, logSize(directory)) }
                    }
                    return largest
                }
            }
            return try await group.reduce(0) { max($0, $1) }
        }
        let written = writers * perWriter * 3_000
        #expect(await store.checkpointCount > 0, "checkpoints ran in the background")
        // 1,000 frames of 4 KiB before a checkpoint starts, plus what commits during it (a log that
        // never starts again from its beginning grows past 60 MB here).
        #expect(maximumLog < 4 * 1_000 * 4_096, "log peaked at \(maximumLog) bytes after \(written) bytes of messages")
        #expect(try await store.journalEntries(JournalQuery(limit: 10_000)).count == writers * perWriter)
        let reopened = try SQLiteStore(directory: directory)
        #expect(try await reopened.journalEntries(JournalQuery(limit: 10_000)).count == writers * perWriter)
    }

    private func logSize(_ directory: URL) -> Int {
        let path = directory.appendingPathComponent("radbridge.sqlite-wal").path
        return (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
