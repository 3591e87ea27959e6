import Foundation
import Testing

/// Runs scripts/crash_test.py (kill -9 mid-stream, restart, verify) at a size that keeps CI fast.
/// The full 20,000-message run is the same script run by hand against a release build.
@Suite struct CrashTests {
    @Test func nothingAcknowledgedIsLostAcrossKillNine() async throws {
        let binary = Paths.repository.appendingPathComponent(".build/debug/radbridge").path
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build the radbridge executable first")
        let run = try ChildProcess("python3", [Paths.repository.appendingPathComponent("scripts/crash_test.py").path,
                                               "--messages", "800", "--senders", "8", "--patients", "60",
                                               "--binary", binary, "--timeout", "240"])
        let status = await run.waitForExit()
        #expect(status == 0, "\(run.standardOutput)")
        #expect(run.standardOutput.contains("crash test: passed"))
    }
}
