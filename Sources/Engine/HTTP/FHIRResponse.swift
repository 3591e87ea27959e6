import FHIR
import Foundation
import Hummingbird
import NIOCore

/// FHIR JSON responses (`application/fhir+json`) and errors as OperationOutcome.
enum FHIRResponse {
    static let contentType = "application/fhir+json"

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, location: String? = nil) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: contentType]
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func make(_ error: FHIRError) -> Response {
        make(error.outcome, status: HTTPResponse.Status(code: error.status))
    }

    /// Runs a FHIR interaction: every failure is answered with an OperationOutcome.
    static func answer(_ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch let error as FHIRError {
            return make(error)
        } catch is NIOTooManyBytesError {
            return make(FHIRError(413, "too-long", "the body is larger than \(HTTPAPI.fhirBodyLimit) bytes"))
        } catch {
            return make(FHIRError(500, "exception", "the request could not be processed: \(error)"))
        }
    }
}
