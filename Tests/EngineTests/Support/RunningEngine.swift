import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MLLP
import NIOCore
import Store
import Synchronization

/// An engine started in the test process on ephemeral ports.
final class RunningEngine: Sendable {
    let store: SQLiteStore
    let mllpPort: Int
    let httpPort: Int
    private let task: Task<Void, any Error>

    private init(store: SQLiteStore, mllpPort: Int, httpPort: Int, task: Task<Void, any Error>) {
        self.store = store
        self.mllpPort = mllpPort
        self.httpPort = httpPort
        self.task = task
    }

    static func start(_ configuration: EngineConfiguration = EngineConfiguration(),
                      server: MLLPServerConfiguration = MLLPServerConfiguration()) async throws -> RunningEngine {
        let store = try SQLiteStore(directory: Paths.temporaryDirectory())
        let engine = RadBridgeEngine(configuration: configuration, store: store)
        let (listeners, continuation) = AsyncStream<Listener>.makeStream()
        let task = Task {
            try await engine.run(mllp: EndpointAddress(host: "127.0.0.1", port: 0),
                                 http: EndpointAddress(host: "127.0.0.1", port: 0),
                                 mllpServer: server) { continuation.yield($0) }
        }
        var ports: [String: Int] = [:]
        for await listener in listeners {
            ports[listener.kind] = listener.address.port
            if ports.count == 2 { break }
        }
        return RunningEngine(store: store, mllpPort: ports["MLLP"]!, httpPort: ports["HTTP"]!, task: task)
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

    func http(_ method: String = "GET", _ path: String) async throws -> (status: Int, json: Any) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(httpPort)\(path)")!)
        request.httpMethod = method
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as! HTTPURLResponse).statusCode, try JSONSerialization.jsonObject(with: data))
    }
}
