import FHIR
import Hummingbird

/// Under `/fhir`, errors the router itself raises (no such path, method not allowed, body too
/// large) are answered with an OperationOutcome like every other FHIR error.
struct FHIRErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == "/fhir" || request.uri.path.hasPrefix("/fhir/") else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let status = Int(error.status.code)
            let code = status == 404 ? "not-found" : status == 405 ? "not-supported" : "processing"
            return FHIRResponse.make(FHIRError(status, code, error.body ?? (status == 404 ? "no FHIR interaction at \(request.uri.path)" : error.status.reasonPhrase)))
        } catch {
            return await FHIRResponse.answer { throw error }
        }
    }
}
