import Foundation
import Synchronization

/// A peer program run by a test; waiting never blocks a Swift concurrency thread.
final class ChildProcess: Sendable {
    private final class State: Sendable {
        let output = Mutex<[UInt8]>([])
        let outputEnded = Atomic<Bool>(false)
        let exit = Mutex<(status: Int32?, waiters: [CheckedContinuation<Int32, Never>])>((nil, []))
    }

    private let process: Process
    private let state = State()

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        self.process = process
        let state = state
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                state.outputEnded.store(true, ordering: .releasing)
                return
            }
            state.output.withLock { $0 += data }
        }
        process.terminationHandler = { process in
            let waiters = state.exit.withLock { state -> [CheckedContinuation<Int32, Never>] in
                state.status = process.terminationStatus
                defer { state.waiters = [] }
                return state.waiters
            }
            waiters.forEach { $0.resume(returning: process.terminationStatus) }
        }
        try process.run()
    }

    /// A peer left running would keep the test run's output pipe open, and `swift test` would wait
    /// for it forever: whatever path drops the last reference (a failed start included) kills it.
    deinit {
        terminate()
    }

    static func python(_ script: String, _ arguments: [String]) throws -> ChildProcess {
        try ChildProcess("python3", [Paths.peers.appendingPathComponent(script).path] + arguments)
    }

    var standardOutput: String {
        String(decoding: state.output.withLock { $0 }, as: UTF8.self)
    }

    /// The exit status, once the output read so far includes what the program wrote last: the exit
    /// is often reported before the last read. Not forever, though: another child that inherited the
    /// pipe keeps it from ending.
    func waitForExit() async -> Int32 {
        let status = await exitStatus()
        for _ in 0..<40 where !state.outputEnded.load(ordering: .acquiring) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return status
    }

    private func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status = state.exit.withLock { state -> Int32? in
                if let status = state.status { return status }
                state.waiters.append(continuation)
                return nil
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Waits until standard output has a whole line starting with `prefix`; returns the rest of that
    /// line. Only terminated lines count: an unbuffered peer writes "PORT", " " and the number apart.
    func waitForLine(startingWith prefix: String, timeout: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let lines = standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            if let line = lines.first(where: { $0.hasPrefix(prefix) }) {
                return String(line.dropFirst(prefix.count))
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PeerError.noOutput("\(process.arguments ?? []) printed no '\(prefix)' line: \(standardOutput)")
    }

    /// SIGTERM, for programs that handle it themselves (unblocked in the child first: see `terminate`).
    func interrupt() {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
    }

    /// Any signal (SIGTERM, SIGINT) to a program that handles it itself.
    func signal(_ number: Int32) {
        if process.isRunning { kill(process.processIdentifier, number) }
    }

    /// The exit status, or nil when the program is still running after `limit`.
    func waitForExit(within limit: Duration) async -> Int32? {
        await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await self.waitForExit() }
            group.addTask { try? await Task.sleep(for: limit); return nil }
            let first = await group.next() ?? nil
            group.cancelAll()
            if first == nil { terminate() }
            return first
        }
    }

    /// SIGKILL: a child of the test process may inherit SIGTERM blocked.
    func terminate() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

enum PeerError: Error {
    case noOutput(String)
}
