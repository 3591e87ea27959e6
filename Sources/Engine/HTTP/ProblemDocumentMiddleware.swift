import Hummingbird

/// Outside `/fhir` (which answers OperationOutcomes), errors the router itself raises (no such path,
/// method not allowed, body too large) are answered with a problem document like every other API error.
struct ProblemDocumentMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let detail = error.body ?? (error.status == .notFound ? "nothing is served at \(request.uri.path.prefix(200))" : nil)
            throw ProblemDocument(error.status, error.status.reasonPhrase, detail: detail)
        }
    }
}
