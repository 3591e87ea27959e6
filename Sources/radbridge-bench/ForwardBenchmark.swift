import DICOM
import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MLLP
import SQLiteStore
import Store

/// `radbridge-bench forward [--count 1000]`: a burst of CT slices forwarded to Orthanc by RadBridge
/// (storescu → RadBridge → C-STORE → Orthanc, timed until the last one is acknowledged by Orthanc),
/// next to storescu sending the same files straight to Orthanc in the same run.
enum ForwardBenchmark {
    static let studyUID = "1.2.826.0.1.3680043.10.1423.900.1"
    static let orthanc = "/usr/sbin/Orthanc"

    static func run(arguments: [String]) async throws {
        var count = 1000
        var index = 1
        while index < arguments.count {
            switch arguments[index] {
            case "--count": count = Int(arguments[index + 1]) ?? count; index += 2
            default: print("usage: radbridge-bench forward [--count 1000]"); exit(2)
            }
        }
        let folder = try DICOMBenchmark.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (files, bytes) = try makeSlices(count: count, in: folder.appendingPathComponent("slices"))
        print("forward: \(count) CT slices, \(bytes / count) bytes each")

        let pacs = try await OrthancProcess(directory: folder.appendingPathComponent("orthanc"))
        defer { pacs.stop() }
        let direct = try await timed { try await process("/usr/bin/storescu", ["-aet", "BENCH", "-aec", "ORTHANC", "127.0.0.1", "\(pacs.dicomPort)"] + files) }
        guard try await pacs.instanceCount() == count else { throw DICOMBenchmark.BenchmarkFailure(message: "Orthanc did not store every slice") }
        DICOMBenchmark.report("storescu", direct, count: count, size: bytes / count)
        try await pacs.deleteAll()

        let store = try SQLiteStore(directory: folder.appendingPathComponent("radbridge"))
        let configuration = try EngineConfiguration(yaml: """
            dicomDestinations:
              pacs: { host: "127.0.0.1", port: \(pacs.dicomPort), aet: "ORTHANC" }
            dicomRoutes:
              - { match: { modality: "CT" }, to: [pacs] }
            """)
        let engine = RadBridgeEngine(configuration: configuration, store: store)
        let (listeners, continuation) = AsyncStream<Listener>.makeStream()
        let running = Task {
            try await engine.run(mllp: EndpointAddress(host: "127.0.0.1", port: 0), http: nil,
                                 dicom: EndpointAddress(host: "127.0.0.1", port: 0),
                                 instances: folder.appendingPathComponent("radbridge/instances")) { continuation.yield($0) }
        }
        var ports: [String: Int] = [:]
        for await listener in listeners {
            ports[listener.kind.hasPrefix("DICOM") ? "DICOM" : listener.kind] = listener.address.port
            if ports.count == 2 { break }
        }
        let client = try await MLLPClient.connect(host: "127.0.0.1", port: ports["MLLP"] ?? 0)
        for message in orderMessages {
            let reply = String(decoding: try await client.send(Array(message.utf8)), as: UTF8.self)
            guard reply.contains("MSA|AA|") || reply.contains("MSA|CA|") else { throw DICOMBenchmark.BenchmarkFailure(message: reply) }
        }
        await client.close()
        let clock = ContinuousClock()
        let start = clock.now
        let received = try await timed { try await process("/usr/bin/storescu", ["-aet", "CT_BENCH", "-aec", "RADBRIDGE", "127.0.0.1", "\(ports["DICOM"] ?? 0)"] + files) }
        let deadline = clock.now + .seconds(600)
        while try await store.dicomOutboxStatistics().first?.sent ?? 0 < count {
            guard clock.now < deadline else {
                throw DICOMBenchmark.BenchmarkFailure(message: "not all forwarded: \(try await store.dicomOutboxStatistics())")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        let forwarded = DICOMBenchmark.seconds(clock.now - start)
        DICOMBenchmark.report("radbridge", forwarded, count: count, size: bytes / count)
        print(String(format: "  (reception by RadBridge alone: %.2f s of %.2f s; Orthanc holds %d instances)",
                     received, forwarded, try await pacs.instanceCount()))
        running.cancel()
        _ = try? await running.value
    }

    static let orderMessages = [
        "MSH|^~\\&|BENCH|HOSP|RADBRIDGE|RAD|20260101120000||ADT^A04^ADT_A01|BF1|P|2.5\rEVN|A04|20260101120000\r"
            + "PID|1||BENCH1^^^HOSP^MR||BENCH^PATIENT||19700101|F\rPV1|1|O\r",
        "MSH|^~\\&|BENCH|HOSP|RADBRIDGE|RAD|20260101120000||ORM^O01|BF2|P|2.3\rPID|1||BENCH1^^^HOSP^MR||BENCH^PATIENT||19700101|F\r"
            + "PV1|1|O\rORC|NW|PB1^BENCH|ACCBENCH1^RIS||SC||^^^20260101120000^^R||20260101120000\r"
            + "OBR|1|PB1^BENCH|ACCBENCH1^RIS|CTCHESTC^CT Chest with contrast^L|||20260101120000|||||||||1234^SMITH^JOHN^A^^^MD"
            + "||ACCBENCH1|RP001|SPS001||||CT|||^^^20260101120000^^R\rZDS|\(studyUID)^GEHC^Application^DICOM\r",
    ]

    /// CT_small with the benchmark order's identifiers and a new SOP instance UID each.
    static func makeSlices(count: Int, in folder: URL) throws -> (paths: [String], bytes: Int) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var file = try DICOMFile(bytes: [UInt8](Data(contentsOf: DICOMBenchmark.fixtures.appendingPathComponent("CT_small.dcm"))))
        file.dataSet.set(.patientID, .LO, "BENCH1")
        file.dataSet.set(.accessionNumber, .SH, "ACCBENCH1")
        file.dataSet.set(.studyInstanceUID, .UI, studyUID)
        file.dataSet.set(.seriesInstanceUID, .UI, studyUID + ".1")
        var paths: [String] = []
        var total = 0
        for n in 1...count {
            file.dataSet.set(.sopInstanceUID, .UI, studyUID + ".1.\(n)")
            let bytes = try DICOMFile(dataSet: file.dataSet, transferSyntax: file.transferSyntax).encoded()
            let url = folder.appendingPathComponent("\(n).dcm")
            try Data(bytes).write(to: url)
            paths.append(url.path)
            total += bytes.count
        }
        return (paths, total)
    }

    static func timed(_ body: () async throws -> (status: Int32, text: String)) async throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try await body()
        guard result.status == 0 else { throw DICOMBenchmark.BenchmarkFailure(message: result.text) }
        return DICOMBenchmark.seconds(clock.now - start)
    }

    /// A peer program on a Dispatch thread: our own engine runs on the cooperative pool meanwhile.
    static func process(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, text: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try DICOMBenchmark.runProcess(executable, arguments, nodelay: true) })
            }
        }
    }
}

/// Orthanc on free loopback ports with its own config and storage, accepting any calling AE.
final class OrthancProcess: Sendable {
    let dicomPort: Int
    let httpPort: Int
    private let process: Process

    init(directory: URL) async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        dicomPort = Int.random(in: 20_000...29_999)
        httpPort = dicomPort + 10_000
        let config: [String: Any] = [
            "Name": "RadBridgeBench", "StorageDirectory": directory.appendingPathComponent("storage").path,
            "IndexDirectory": directory.appendingPathComponent("index").path, "DicomAet": "ORTHANC", "DicomPort": dicomPort,
            "HttpPort": httpPort, "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomAlwaysAllowStore": true,
            "Plugins": [], "SaveJobs": false,
        ]
        let path = directory.appendingPathComponent("orthanc.json")
        try JSONSerialization.data(withJSONObject: config).write(to: path)
        process = Process()
        process.executableURL = URL(fileURLWithPath: ForwardBenchmark.orthanc)
        process.arguments = ["--logdir=\(directory.path)", path.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<300 {
            if (try? await request("GET", "/system")) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw DICOMBenchmark.BenchmarkFailure(message: "Orthanc did not start")
    }

    func instanceCount() async throws -> Int { (try await request("GET", "/instances") as? [Any])?.count ?? 0 }

    func deleteAll() async throws {
        for id in (try await request("GET", "/patients") as? [String]) ?? [] { _ = try await request("DELETE", "/patients/\(id)") }
    }

    func request(_ method: String, _ path: String) async throws -> Any {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(httpPort)\(path)")!)
        request.httpMethod = method
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }
}
