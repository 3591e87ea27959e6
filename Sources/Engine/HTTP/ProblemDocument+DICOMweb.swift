import Hummingbird

extension ProblemDocument {
    init(_ error: DICOMwebError) {
        let status: HTTPResponse.Status = switch error.kind {
        case .invalidRequest: .badRequest
        case .notFound: .notFound
        case .unreadable: .internalServerError
        }
        self.init(status, error.title, detail: error.detail)
    }
}
