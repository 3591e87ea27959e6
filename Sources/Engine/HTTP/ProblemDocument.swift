import Foundation
import Hummingbird

/// An RFC 9457 problem document, returned for every API error.
struct ProblemDocument: Error, HTTPResponseError, Encodable {
    var status: HTTPResponse.Status
    var title: String
    var detail: String?

    init(_ status: HTTPResponse.Status, _ title: String, detail: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
    }

    private enum CodingKeys: String, CodingKey { case type, title, status, detail }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("about:blank", forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(Int(status.code), forKey: .status)
        try c.encodeIfPresent(detail, forKey: .detail)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        httpResponse
    }

    var httpResponse: Response {
        JSONResponse.make(self, status: status, contentType: "application/problem+json")
    }
}
