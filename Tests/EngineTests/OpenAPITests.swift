@testable import Engine
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import SQLiteStore
import Store
import Testing

/// The OpenAPI description: what the server serves is the committed docs/openapi.json, and every
/// route the router answers (method and path) is described in it.
@Suite struct OpenAPITests {
    static let document = Paths.repository.appendingPathComponent("docs/openapi.json")

    @Test func servedDocumentIsTheCommittedOne() async throws {
        let engine = try await RunningEngine.start()
        defer { Task { await engine.stop() } }
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(engine.httpPort)/openapi.json")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let committed = try Data(contentsOf: Self.document)
        #expect(data == committed, "docs/openapi.json is stale: run `swift run radbridge openapi > docs/openapi.json`")
    }

    @Test func everyRouteIsDescribed() async throws {
        let directory = Paths.temporaryDirectory()
        let store = try SQLiteStore(directory: directory)
        let configuration = EngineConfiguration()
        let log = StoreWorkflowEventLog(store: store, destinations: [:]) { _ in }
        let workflow = try await WorkflowService(configuration: try configuration.workflowConfiguration(), log: log)
        let delivery = DeliveryService(configuration: configuration, store: store, logger: Logger(label: "test"))
        let router = HTTPAPI.router(store: store, configuration: configuration, delivery: delivery, workflow: workflow,
                                    instances: directory.appendingPathComponent("instances"))
        let paths = OpenAPIDocument.paths()
        let described: [(segments: [String], methods: Set<String>)] = paths.map { path, item in
            (path.split(separator: "/").map(String.init), Set(((item as? [String: Any]) ?? [:]).keys))
        }
        var routes = 0
        for route in router.routes {
            routes += 1
            let segments = "\(route.path)".split(separator: "/").map(String.init)
            let method = route.method.rawValue.lowercased()
            // A router capture (`{id}`) is described by a template or by the concrete names it serves (`Patient`).
            let found = described.contains { doc in
                doc.methods.contains(method) && doc.segments.count == segments.count
                    && zip(doc.segments, segments).allSatisfy { d, r in d == r || r.hasPrefix("{") }
            }
            #expect(found, "\(method.uppercased()) \(route.path) is not in docs/openapi.json")
        }
        #expect(routes > 40)
        // And nothing is described that the router does not serve.
        for (path, item) in paths {
            let segments = path.split(separator: "/").map(String.init)
            for method in ((item as? [String: Any]) ?? [:]).keys {
                let served = router.routes.contains { route in
                    let r = "\(route.path)".split(separator: "/").map(String.init)
                    return route.method.rawValue.lowercased() == method && r.count == segments.count
                        && zip(segments, r).allSatisfy { d, r in d == r || r.hasPrefix("{") }
                }
                #expect(served, "\(method.uppercased()) \(path) is described but not served")
            }
        }
    }
}
