import Engine
import Foundation
import Logging
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MLLP
import NIOCore
import SQLiteStore
import Store
import Synchronization

/// An engine started in the test process on ephemeral ports.
final class RunningEngine: Sendable {
    let store: SQLiteStore
    let mllpPort: Int
    let httpPort: Int
    /// The DICOM listener's port, when started with `dicom: true`.
    let dicomPort: Int?
    let directory: URL
    let configuration: EngineConfiguration
    private let task: Task<Void, any Error>

    private init(store: SQLiteStore, mllpPort: Int, httpPort: Int, dicomPort: Int?, directory: URL,
                 configuration: EngineConfiguration, task: Task<Void, any Error>) {
        self.store = store
        self.directory = directory
        self.configuration = configuration
        self.mllpPort = mllpPort
        self.httpPort = httpPort
        self.dicomPort = dicomPort
        self.task = task
    }

    static func start(_ configuration: EngineConfiguration = EngineConfiguration(),
                      server: MLLPServerConfiguration = MLLPServerConfiguration(),
                      dicom: Bool = false, directory: URL = Paths.temporaryDirectory(),
                      logger: Logger = Logger(label: "radbridge")) async throws -> RunningEngine {
        let store = try SQLiteStore(directory: directory)
        let engine = RadBridgeEngine(configuration: configuration, store: store, logger: logger)
        let (listeners, continuation) = AsyncStream<Listener>.makeStream()
        let task = Task {
            try await engine.run(mllp: EndpointAddress(host: "127.0.0.1", port: 0),
                                 http: EndpointAddress(host: "127.0.0.1", port: 0),
                                 dicom: dicom ? EndpointAddress(host: "127.0.0.1", port: 0) : nil,
                                 instances: directory.appendingPathComponent("instances"),
                                 mllpServer: server) { continuation.yield($0) }
        }
        var ports: [String: Int] = [:]
        for await listener in listeners {
            ports[listener.kind.hasPrefix("DICOM") ? "DICOM" : listener.kind] = listener.address.port
            if ports.count == (dicom ? 3 : 2) { break }
        }
        return RunningEngine(store: store, mllpPort: ports["MLLP"]!, httpPort: ports["HTTP"]!, dicomPort: ports["DICOM"],
                             directory: directory, configuration: configuration, task: task)
    }

    /// Stops this engine and starts a new one on the same data directory.
    func restart() async throws -> RunningEngine {
        await stop()
        return try await RunningEngine.start(configuration, dicom: dicomPort != nil, directory: directory)
    }

    func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    func send(_ text: String, timeout: TimeAmount = .seconds(10)) async throws -> String {
        let client = try await MLLPClient.connect(host: "127.0.0.1", port: mllpPort)
        defer { Task { await client.close() } }
        return String(decoding: try await client.send(Array(text.utf8), timeout: timeout), as: UTF8.self)
    }

    func http(_ method: String = "GET", _ path: String, json body: String? = nil) async throws -> (status: Int, json: Any) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(httpPort)\(path)")!)
        request.httpMethod = method
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, try JSONSerialization.jsonObject(with: data))
    }
}
