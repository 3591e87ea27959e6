import DICOM
import DICOMNetwork
import Foundation

/// `radbridge-bench dicom [FILE…]` (build with -c release):
/// 1. data-set parse throughput, ours against pydicom (dcmread + 5 attributes) on the same files in
///    the same run, both from memory;
/// 2. C-STORE receive throughput, our SCP against DCMTK storescp, both loaded by the same storescu run.
enum DICOMBenchmark {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/dicom")
    static let defaultFiles = ["CT_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm", "rtplan.dcm", "test-SR.dcm",
                               "JPEG2000.dcm", "image_dfl.dcm", "chrH32.dcm"]
    static let attributes: [Tag] = [.patientName, .patientID, .studyInstanceUID, .modality, .sopInstanceUID]

    static func run(arguments: [String]) {
        let paths = arguments.isEmpty ? defaultFiles.map { fixtures.appendingPathComponent($0).path } : arguments
        do {
            let files = try paths.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
            let size = files.reduce(0) { $0 + $1.count }
            print("DICOM parse: \(files.count) files, \(size) bytes")
            print(String(format: "  RadBridge  %8.1f MB/s", try parseThroughput(files)))
            if let python = try pydicomThroughput(paths) {
                print(String(format: "  pydicom    %8.1f MB/s", python))
            }
            try storeThroughput(file: paths[0])
        } catch {
            print("benchmark failed: \(error)")
        }
    }

    /// Parses every file and reads 5 attributes, repeatedly for about 3 seconds.
    static func parseThroughput(_ files: [[UInt8]]) throws -> Double {
        var bytes = 0, checksum = 0
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < .seconds(3) {
            for file in files {
                let parsed = try DICOMFile(bytes: file)
                for tag in attributes { checksum &+= parsed.dataSet.string(tag)?.utf8.count ?? 0 }
                bytes += file.count
            }
        }
        let elapsed = clock.now - start
        if checksum == -1 { print("") }
        return Double(bytes) / 1_000_000 / seconds(elapsed)
    }

    static func pydicomThroughput(_ paths: [String]) throws -> Double? {
        let script = """
        import io, sys, time, pydicom
        blobs = [open(p, "rb").read() for p in sys.argv[1:]]
        keys = ["PatientName", "PatientID", "StudyInstanceUID", "Modality", "SOPInstanceUID"]
        total, start = 0, time.perf_counter()
        while time.perf_counter() - start < 3:
            for blob in blobs:
                ds = pydicom.dcmread(io.BytesIO(blob), force=True)
                for k in keys: str(ds.get(k, ""))
                total += len(blob)
        print(total / 1e6 / (time.perf_counter() - start))
        """
        let output = try runProcess("/usr/bin/env", ["python3", "-c", script] + paths)
        guard output.status == 0, let value = Double(output.text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            print("  pydicom    unavailable: \(output.text)")
            return nil
        }
        return value
    }

    /// The same storescu load (one association, COUNT copies of one file) against each receiver.
    static func storeThroughput(file: String, count: Int = 300) throws {
        let storescu = "/usr/bin/storescu", storescp = "/usr/bin/storescp"
        guard FileManager.default.isExecutableFile(atPath: storescu), FileManager.default.isExecutableFile(atPath: storescp) else {
            print("C-STORE: DCMTK missing, skipped")
            return
        }
        let size = try Data(contentsOf: URL(fileURLWithPath: file)).count
        let load = [String](repeating: file, count: count)
        print("C-STORE receive: \(count) × \(size) bytes from storescu")

        let ours = try temporaryFolder()
        let server = DICOMServer(configuration: .init(host: "127.0.0.1", port: 0, aeTitle: "RADBRIDGE"),
                                 services: [VerificationService(), ProcessInfo.processInfo.environment["BENCH_NULL_SINK"] != nil ? StorageService { _ in } : StorageService.directory(ours)])
        let port = try blocking { try await server.start() }
        let oursTime = try timed { try runProcess(storescu, ["-aec", "RADBRIDGE", "127.0.0.1", "\(port)"] + load, nodelay: true) }
        try blocking { try await server.stop() }
        report("RadBridge", oursTime, count: count, size: size)

        let theirs = try temporaryFolder()
        let peerPort = port + 1
        let peer = Process()
        peer.executableURL = URL(fileURLWithPath: storescp)
        peer.arguments = ["-od", theirs.path, "\(peerPort)"]
        peer.environment = ProcessInfo.processInfo.environment.merging(["TCP_NODELAY": "1"]) { $1 }
        peer.standardOutput = FileHandle.nullDevice
        peer.standardError = FileHandle.nullDevice
        try peer.run()
        defer { kill(peer.processIdentifier, SIGKILL) }
        for _ in 0..<50 {
            if (try? runProcess("/usr/bin/echoscu", ["127.0.0.1", "\(peerPort)"], nodelay: true).status) == 0 { break }
            usleep(100_000)
        }
        let theirTime = try timed { try runProcess(storescu, ["127.0.0.1", "\(peerPort)"] + load, nodelay: true) }
        report("storescp", theirTime, count: count, size: size)
        try? FileManager.default.removeItem(at: ours)
        try? FileManager.default.removeItem(at: theirs)
    }

    static func report(_ name: String, _ elapsed: Double, count: Int, size: Int) {
        let padded = name.padding(toLength: 10, withPad: " ", startingAt: 0)
        print(String(format: "  %@ %8.1f MB/s %8.1f instances/s", padded, Double(count * size) / 1_000_000 / elapsed, Double(count) / elapsed))
    }

    static func timed(_ body: () throws -> (status: Int32, text: String)) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        guard result.status == 0 else { throw BenchmarkFailure(message: result.text) }
        return seconds(clock.now - start)
    }

    struct BenchmarkFailure: Error { let message: String }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("radbridge-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func runProcess(_ executable: String, _ arguments: [String], nodelay: Bool = false) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if nodelay { process.environment = ProcessInfo.processInfo.environment.merging(["TCP_NODELAY": "1"]) { $1 } }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        while process.isRunning { usleep(2_000) }
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs async work from this synchronous benchmark, waiting on a semaphore.
    static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            box.set(await Result { try await work() })
            done.signal()
        }
        done.wait()
        return try box.get()
    }

    final class ResultBox<T: Sendable>: @unchecked Sendable {
        private var result: Result<T, Error>?
        private let lock = NSLock()
        func set(_ value: Result<T, Error>) { lock.lock(); result = value; lock.unlock() }
        func get() throws -> T { lock.lock(); defer { lock.unlock() }; return try result!.get() }
    }
}

extension Result where Failure == Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
