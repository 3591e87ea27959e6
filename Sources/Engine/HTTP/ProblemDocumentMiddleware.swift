import Hummingbird
import NIOCore

/// Outside `/fhir` (which answers OperationOutcomes), errors the router itself raises (no such path,
/// method not allowed) and a body larger than a route collects are answered with a problem
/// document like every other API error, never a bare status or a 500.
struct ProblemDocumentMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as DICOMwebError {
            throw ProblemDocument(error)
        } catch is NIOTooManyBytesError {
            throw ProblemDocument(.contentTooLarge, "Request too large", detail: "the body is larger than this endpoint accepts")
        } catch let error as HTTPError {
            throw ProblemDocument(error.status, error.status.reasonPhrase,
                                  detail: error.body ?? "\(request.method) \(request.uri.path.prefix(200)): \(error.status.reasonPhrase)")
        }
    }
}
