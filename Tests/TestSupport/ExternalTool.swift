import Foundation

/// Runs a peer program (dcmdump, python3). A missing peer is a failure, not a skip:
/// scripts/bootstrap installs them.
public enum ExternalTool {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public typealias Outcome = (status: Int32, stdout: Data, stderr: String)

    /// Runs on a Dispatch thread: blocking on a child process must not starve Swift's cooperative
    /// pool, where our own server's services run in the same test process.
    public static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:]) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(executable, arguments, stdin: stdin, environment: environment) })
            }
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], stdin: Data?, environment: [String: String]) throws -> Outcome {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Failure(description: "\(executable) is missing: run scripts/bootstrap")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), input = Pipe()
        let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorURL) }
        let err = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        // Foundation's waitUntilExit spins a run loop on Linux; poll instead (stdout is at EOF already).
        while process.isRunning { usleep(5_000) }
        try err.close()
        let stderr = (try? Data(contentsOf: errorURL)) ?? Data()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }

    public static var python: String {
        for candidate in pathCandidates("python3") + ["/usr/local/bin/python3", "/usr/bin/python3"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return "/usr/bin/python3"
    }

    private static func pathCandidates(_ name: String) -> [String] {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
    }
}
