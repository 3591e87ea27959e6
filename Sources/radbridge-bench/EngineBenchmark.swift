import Engine
import Foundation
import MLLP
import NIOCore
import SQLiteStore
import Store
import Synchronization

/// `radbridge-bench engine`: messages ACKed after being durable in the journal, per second, and
/// ACK latency, with 1 and 8 concurrent MLLP senders; next to this disk's fsyncs per second.
enum EngineBenchmark {
    static func run(arguments: [String]) async throws {
        var seconds = 5.0
        var senderCounts = [1, 8]
        var client = SenderKind.poll
        var index = 1
        while index < arguments.count {
            switch arguments[index] {
            case "--seconds": seconds = Double(arguments[index + 1]) ?? seconds; index += 2
            case "--senders": senderCounts = arguments[index + 1].split(separator: ",").compactMap { Int($0) }; index += 2
            case "--client" where index + 1 < arguments.count && SenderKind(rawValue: arguments[index + 1]) != nil:
                client = SenderKind(rawValue: arguments[index + 1])!; index += 2
            default: print("usage: radbridge-bench engine [--seconds 5] [--senders 1,8] [--client poll|blocking|nio]"); exit(2)
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fsyncs = try fsyncsPerSecond(in: directory, seconds: 2)
        print("disk: \(Int(fsyncs)) fsync/s (512-byte write + fsync, same directory)")
        print("senders: \(client.description)")
        for senders in senderCounts {
            let store = try SQLiteStore(directory: directory.appendingPathComponent("run-\(senders)"))
            try await measure(store: store, senders: senders, seconds: seconds, client: client)
        }
    }

    /// How the load is generated: what a sender costs the cores the engine runs on is not the engine's.
    enum SenderKind: String {
        case poll, blocking, nio

        var description: String {
            switch self {
            case .poll: "one thread polling every sender's socket (--client blocking: a thread per sender; --client nio: our NIO MLLPClient)"
            case .blocking: "one thread per sender, blocking socket"
            case .nio: "our NIO MLLPClient, one task per sender"
            }
        }
    }

    private static func measure(store: SQLiteStore, senders: Int, seconds: Double, client: SenderKind) async throws {
        let engine = RadBridgeEngine(configuration: EngineConfiguration(), store: store)
        let (listeners, continuation) = AsyncStream<Listener>.makeStream()
        let running = Task {
            try await engine.run(mllp: EndpointAddress(host: "127.0.0.1", port: 0), http: nil) { continuation.yield($0) }
        }
        var bound = 0
        for await listener in listeners { bound = listener.address.port ?? 0; break }
        let port = bound
        let commitsBefore = await store.commitCount
        let cpuBefore = processCPUSeconds()
        let started = ContinuousClock.now
        let stopAt = started + .milliseconds(Int(seconds * 1000))
        let latencies = switch client {
        case .poll: try await pollingSenders(senders, port: port, until: stopAt)
        case .blocking: try await blockingSenders(senders, port: port, until: stopAt)
        case .nio: try await nioSenders(senders, port: port, until: stopAt)
        }
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        let cpu = processCPUSeconds() - cpuBefore
        let commits = await store.commitCount - commitsBefore
        running.cancel()
        _ = try? await running.value
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let rate = Double(sorted.count) / elapsed
        print(String(format: "%d sender(s): %.0f msg/s ACKed and durable (%d msgs in %.1f s), ACK latency p50 %.2f ms, p99 %.2f ms, %d commits (%.1f msgs/commit)",
                     senders, rate, sorted.count, elapsed, percentile(0.5) / 1000, percentile(0.99) / 1000,
                     commits, Double(sorted.count) / Double(max(commits, 1))))
        print(String(format: "  CPU (engine and senders): %.0f%% of %d cores, %.0f µs per message",
                     cpu / elapsed / Double(ProcessInfo.processInfo.activeProcessorCount) * 100,
                     ProcessInfo.processInfo.activeProcessorCount, cpu / Double(max(sorted.count, 1)) * 1e6))
    }

    private static func nioSenders(_ senders: Int, port: Int, until stopAt: ContinuousClock.Instant) async throws -> [Double] {
        try await withThrowingTaskGroup(of: [Double].self) { group in
            for sender in 0..<senders {
                group.addTask {
                    let client = try await MLLPClient.connect(host: "127.0.0.1", port: port)
                    var samples: [Double] = []
                    var n = 0
                    while ContinuousClock.now < stopAt {
                        let payload = payload(sender: sender, n: n)
                        let sent = ContinuousClock.now
                        let reply = try await client.send(payload)
                        samples.append((ContinuousClock.now - sent) / .microseconds(1))
                        try requireAccepted(reply)
                        n += 1
                    }
                    await client.close()
                    return samples
                }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
    }

    private static func blockingSenders(_ senders: Int, port: Int, until stopAt: ContinuousClock.Instant) async throws -> [Double] {
        let results = Mutex<[Result<[Double], any Error>]>([])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            for sender in 0..<senders {
                Thread {
                    let result = Result { () throws -> [Double] in
                        let client = try SocketMLLPSender(port: port)
                        var samples: [Double] = []
                        var n = 0
                        while ContinuousClock.now < stopAt {
                            let payload = payload(sender: sender, n: n)
                            let sent = ContinuousClock.now
                            let reply = try client.send(payload)
                            samples.append((ContinuousClock.now - sent) / .microseconds(1))
                            try requireAccepted(reply)
                            n += 1
                        }
                        return samples
                    }
                    let finished = results.withLock { $0.append(result); return $0.count == senders }
                    if finished { done.resume() }
                }.start()
            }
        }
        return try results.withLock { $0 }.reduce(into: [Double]()) { $0 += try $1.get() }
    }

    /// Every sender on one thread, as an event-driven load generator (wrk, say) runs: the thread
    /// waits in poll(2) for whichever ACKs have arrived and sends each sender's next message.
    private static func pollingSenders(_ senders: Int, port: Int, until stopAt: ContinuousClock.Instant) async throws -> [Double] {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<[Double], any Error>) in
            Thread {
                done.resume(with: Result {
                    let clients = try (0..<senders).map { _ in try SocketMLLPSender(port: port) }
                    var sentAt = [ContinuousClock.Instant](repeating: .now, count: senders)
                    var counts = [Int](repeating: 0, count: senders)
                    var open = Set(0..<senders)
                    var samples: [Double] = []
                    for sender in 0..<senders {
                        sentAt[sender] = .now
                        try clients[sender].write(payload(sender: sender, n: 0))
                    }
                    var fds = clients.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
                    while !open.isEmpty {
                        guard poll(&fds, nfds_t(fds.count), 5_000) > 0 else { throw BenchmarkError.io("no ACK within 5 s") }
                        for sender in open where fds[sender].revents != 0 {
                            guard let reply = try clients[sender].readOnce() else { continue }
                            samples.append((ContinuousClock.now - sentAt[sender]) / .microseconds(1))
                            try requireAccepted(reply)
                            counts[sender] += 1
                            guard ContinuousClock.now < stopAt else {
                                open.remove(sender)
                                fds[sender].fd = -1   // poll ignores it from now on
                                continue
                            }
                            let n = counts[sender]
                            sentAt[sender] = .now
                            try clients[sender].write(payload(sender: sender, n: n))
                        }
                    }
                    return samples
                })
            }.start()
        }
    }

    /// User and system time of the whole process so far.
    private static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static let acceptance = Array("\rMSA|AA|".utf8)

    /// Throws unless the reply has `MSA|AA|` (checked on bytes: Foundation's substring search cost
    /// the load generator more than parsing costs the engine).
    private static func requireAccepted(_ reply: [UInt8]) throws {
        let found = reply.count >= acceptance.count && (0...(reply.count - acceptance.count)).contains { start in
            reply[start..<(start + acceptance.count)].elementsEqual(acceptance)
        }
        guard found else { throw BenchmarkError.notAccepted(String(decoding: reply, as: UTF8.self)) }
    }

    /// Sender `sender`'s message number `n`: an ADT^A08 for one of 50 patients.
    private static func payload(sender: Int, n: Int) -> [UInt8] {
        Array(("MSH|^~\\&|BENCH|HOSP|RADBRIDGE|RAD|20260101120000||ADT^A08^ADT_A01|B\(sender)-\(n)|P|2.5\r"
            + "EVN|A08|20260101120000\rPID|1||P\(n % 50)^^^HOSP^MR||TEST^PATIENT||19700101|F\rPV1|1|O\r").utf8)
    }

    private static func fsyncsPerSecond(in directory: URL, seconds: Double) throws -> Double {
        let path = directory.appendingPathComponent("fsync-probe").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw BenchmarkError.io("cannot open \(path)") }
        defer { close(fd); unlink(path) }
        let block = [UInt8](repeating: 0x41, count: 512)
        let started = ContinuousClock.now
        var count = 0
        while (ContinuousClock.now - started) / .seconds(1) < seconds {
            _ = block.withUnsafeBytes { pwrite(fd, $0.baseAddress, 512, off_t((count % 64) * 512)) }
            fsync(fd)
            count += 1
        }
        return Double(count) / ((ContinuousClock.now - started) / .seconds(1))
    }
}

enum BenchmarkError: Error {
    case notAccepted(String)
    case io(String)
}
