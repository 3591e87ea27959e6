import Foundation
import HL7

/// `radbridge-bench hl7 [--messages N] [--python]`: parse + read PID-3 and OBR-3 on a generated
/// corpus, next to a memchr scan of the same bytes and (with python3) python-hl7 and hl7apy.
enum HL7Benchmark {
    static func run(arguments: [String]) throws {
        let count = option("--messages", in: arguments) ?? 10_000
        let corpus = HL7Corpus(count: count)
        let bytes = corpus.byteCount
        print("corpus: \(count) messages (ADT, ORM+ZDS, ORU with 10-30 OBX), \(format(Double(bytes) / 1e6)) MB")

        let ours = bestOf(5) { parseAll(corpus) }
        report("radbridge HL7 (parse + PID-3 + OBR-3)", seconds: ours, messages: count, bytes: bytes)

        let joined = corpus.messages.flatMap { $0 }
        let scanCR = bestOf(5) { memchrCount(joined, UInt8(ascii: "\r")) }
        let scanPipe = bestOf(5) { memchrCount(joined, UInt8(ascii: "|")) }
        report("memchr scan for \\r", seconds: scanCR, messages: count, bytes: bytes)
        report("memchr scan for \\r, then for |", seconds: scanCR + scanPipe, messages: count, bytes: bytes)
        print("radbridge runs at \(format(100 * (scanCR + scanPipe) / ours))% of the two-delimiter memchr scan (\(format(ours / (scanCR + scanPipe)))x its time)")

        guard !arguments.contains("--no-python") else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-bench-corpus.hl7")
        try Data(corpus.messages.joined(separator: [0x1C]).map { $0 }).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        for (library, subset) in [("hl7", count), ("hl7apy", min(count, 1_500))] {
            guard let seconds = python(library, corpus: file, limit: subset) else {
                print("\(library): not available (pip install \(library))")
                continue
            }
            let subsetBytes = corpus.messages.prefix(subset).reduce(0) { $0 + $1.count }
            report("python \(library)\(subset < count ? " (first \(subset) messages)" : "")", seconds: seconds, messages: subset, bytes: subsetBytes)
            let theirs = Double(subsetBytes) / seconds, mine = Double(bytes) / ours
            print("radbridge / python \(library) = \(format(mine / theirs))x (MB/s ratio)")
        }
    }

    /// Parses every message and reads the two identity anchors; returns a checksum so the work
    /// cannot be optimised away.
    @inline(never)
    static func parseAll(_ corpus: HL7Corpus) -> Int {
        let pid3 = try! HL7Path("PID-3"), obr3 = try! HL7Path("OBR-3")
        var checksum = 0
        for bytes in corpus.messages {
            guard let message = try? HL7Message(bytes: bytes) else { fatalError("corpus message failed to parse") }
            checksum &+= message.value(at: pid3)?.utf8.count ?? 0
            checksum &+= message.value(at: obr3)?.utf8.count ?? 0
        }
        return checksum
    }

    @inline(never)
    static func memchrCount(_ bytes: [UInt8], _ byte: UInt8) -> Int {
        bytes.withUnsafeBytes { raw -> Int in
            guard var p = raw.baseAddress else { return 0 }
            var remaining = raw.count
            var found = 0
            while remaining > 0, let hit = memchr(p, Int32(byte), remaining) {
                found += 1
                let skip = p.distance(to: UnsafeRawPointer(hit)) + 1
                p = UnsafeRawPointer(hit + 1)
                remaining -= skip
            }
            return found
        }
    }

    static func bestOf(_ runs: Int, _ body: () -> Int) -> Double {
        var best = Double.infinity
        var sink = 0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            sink &+= body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        if sink == 42 { print("") }
        return best
    }

    static func python(_ library: String, corpus: URL, limit: Int) -> Double? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/bench_python_hl7.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, library, corpus.path, String(limit)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func report(_ label: String, seconds: Double, messages: Int, bytes: Int) {
        let line = label.padding(toLength: 52, withPad: " ", startingAt: 0)
        print("\(line) \(format(Double(messages) / seconds)) msg/s  \(format(Double(bytes) / seconds / 1e6)) MB/s")
    }

    static func format(_ v: Double) -> String {
        v >= 100 ? String(Int(v.rounded())) : String(format: "%.2f", v)
    }

    static func option(_ name: String, in arguments: [String]) -> Int? {
        guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
        return Int(arguments[i + 1])
    }
}
