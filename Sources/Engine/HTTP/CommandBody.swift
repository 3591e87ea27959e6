import Hummingbird
import NIOCore

extension Request {
    /// The JSON body of a command (bounded by the context's `maxUploadSize`: a 413 past it), or a
    /// 400 problem document that says what was expected.
    func command<Body: Decodable>(_ type: Body.Type, context: RadBridgeRequestContext, expected: String) async throws -> Body {
        do {
            return try await decode(as: type, context: context)
        } catch is NIOTooManyBytesError {
            throw ProblemDocument(.contentTooLarge, "Request too large", detail: "the body is larger than \(context.maxUploadSize) bytes")
        } catch {
            throw ProblemDocument(.badRequest, "Invalid body", detail: expected)
        }
    }
}
