/// A DIMSE service an SCP offers: it says which SOP classes it answers, and handles their requests.
/// Services are plugged into `DICOMServer`; adding one is adding a file, not growing a switch.
public protocol DIMSEService: Sendable {
    func accepts(sopClassUID: String) -> Bool
    func transferSyntaxes(for sopClassUID: String) -> TransferSyntaxSupport
    /// The request commands it answers, e.g. C-ECHO-RQ.
    var commands: Set<CommandField> { get }
    /// Handles one request. It sends its responses through `responder` (pending ones first, then
    /// exactly one final one). A thrown `DIMSEServiceError` becomes a response with its status.
    func handle(_ request: ServiceRequest, responder: ServiceResponder) async throws
}

extension DIMSEService {
    public func transferSyntaxes(for sopClassUID: String) -> TransferSyntaxSupport { .uncompressed }
}
