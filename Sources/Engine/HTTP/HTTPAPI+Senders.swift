import Hummingbird
import Store

/// What each sender sends: message counts and validation warnings by kind, for interface analysts.
extension HTTPAPI {
    static func senderRoutes(store: any JournalStore) -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        // `[{sendingApplication, sendingFacility, messages, accepted, rejected, duplicates, withWarnings,
        //    warnings: {"PID-7 102 Data type error": 3, …}}]`, sorted by sender.
        routes.get("/api/senders") { _, _ in
            JSONResponse.make(try await store.senderStatistics())
        }
        return routes
    }
}
