import Foundation
import Hummingbird

extension HTTPAPI {
    /// `GET /openapi.json` and the problem documents for the router's own errors.
    static func addOpenAPIRoute(to router: Router<BasicRequestContext>) {
        router.add(middleware: ProblemDocumentMiddleware())
        let document = ByteBuffer(data: OpenAPIDocument.json())
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: document))
        }
    }
}
