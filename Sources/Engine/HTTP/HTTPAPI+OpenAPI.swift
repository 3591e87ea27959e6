import Foundation
import Hummingbird

extension HTTPAPI {
    /// `GET /openapi.json`.
    static func openAPIRoutes() -> RouteCollection<RadBridgeRequestContext> {
        let routes = RouteCollection(context: RadBridgeRequestContext.self)
        let document = ByteBuffer(data: OpenAPIDocument.json())
        routes.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: document))
        }
        return routes
    }
}
