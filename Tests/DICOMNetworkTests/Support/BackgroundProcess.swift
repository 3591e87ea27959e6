import Foundation
import TestSupport

/// A peer process (storescp) that runs during a test and is terminated by its own pid afterwards.
final class BackgroundProcess {
    let process = Process()
    let logURL: URL

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ExternalTool.Failure(description: "\(executable) is missing: run scripts/bootstrap")
        }
        logURL = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-peer-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// Never outlive the test: a running peer keeps the test run's output pipe open.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var output: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// SIGKILL, because a child started from a Swift concurrency thread inherits its blocked signal
    /// mask and never sees SIGTERM; then polls, as Foundation's waitUntilExit spins on Linux.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        try? FileManager.default.removeItem(at: logURL)
    }
}
